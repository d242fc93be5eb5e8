using Dashboard.Web.Alerts;
using Dashboard.Web.Gateway;
using Dashboard.Web.Live;
using Dashboard.Web.Uploads;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Http.Resilience;

namespace Dashboard.Web;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>Options (validated at start), the Blazor components, the gateway clients and the per-session live feed.</summary>
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DashboardOptions>()
            .BindConfiguration(DashboardOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddRazorComponents()
            .AddInteractiveServerComponents();

        // REST to the gateway through service discovery ("https+http://gateway"), with the standard resilience defaults.
        services.AddHttpClient<GatewayApiClient>();
        services.AddSingleton<GatewayEndpoint>();
        // Uploads to Ingest: a streamed file is sent once (no retry) and may take longer than a standard attempt timeout.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental
        services.AddHttpClient<IngestUploadClient>().RemoveAllResilienceHandlers();
        // Alerting changes: reads retried as usual, but no POST/PUT/DELETE is retried (a retried create makes a second rule,
        // a retried channel test a second notification).
        services.AddHttpClient<AlertsApiClient>().RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(resilience => resilience.Retry.DisableForUnsafeHttpMethods());
#pragma warning restore EXTEXP0001
        services.AddSingleton<DashboardMetrics>();

        // Per browser session (scoped = per Blazor circuit): one live connection and what it has received.
        services.AddScoped<LiveFeed>();
        services.AddScoped<GatewayStreamClient>();
        services.AddScoped<ILiveStream>(sp => sp.GetRequiredService<GatewayStreamClient>());
        services.AddScoped<CircuitHandler, LiveStreamCircuitHandler>();
        return builder;
    }
}
