using Dashboard.Web;
using Dashboard.Web.Components;
using Dashboard.Web.Gateway;
using Dashboard.Web.Live;
using Dashboard.Web.Search;
using Microsoft.AspNetCore.Components.Server.Circuits;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

// The AppHost runs services from their build output, in any environment: serve the static web assets
// (blazor.web.js, scoped CSS) from the build manifest then. A published app has no manifest and is unaffected.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddOptions<DashboardOptions>()
    .BindConfiguration(DashboardOptions.SectionName)
    .ValidateDataAnnotations()
    .ValidateOnStart();

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();

// REST to the gateway through service discovery ("https+http://gateway"), with the standard resilience defaults.
builder.Services.AddHttpClient<GatewayApiClient>();
builder.Services.AddSingleton<GatewayEndpoint>();
builder.Services.AddSingleton<DashboardMetrics>();

// Per browser session (scoped = per Blazor circuit): one live connection and what it has received.
builder.Services.AddScoped<LiveFeed>();
builder.Services.AddScoped<GatewayStreamClient>();
builder.Services.AddScoped<ILiveStream>(sp => sp.GetRequiredService<GatewayStreamClient>());
builder.Services.AddScoped<CircuitHandler, LiveStreamCircuitHandler>();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();

app.MapDefaultEndpoints();
app.MapStaticAssets();
app.MapExport();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

app.Run();
