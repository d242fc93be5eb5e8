using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LogPlatform.Hosting.Summary;

public static class StartupSummaryExtensions
{
    /// <summary>Prints the resource table, then <paramref name="line"/>, once everything is up (run mode only).</summary>
    public static IDistributedApplicationBuilder AddStartupSummaryLine(this IDistributedApplicationBuilder builder, Func<CancellationToken, Task<string>> line)
    {
        if (!builder.ExecutionContext.IsRunMode) return builder;
        if (!builder.Services.Any(s => s.ServiceType == typeof(StartupSummary)))
        {
            builder.Services.AddSingleton<StartupSummary>();
            builder.Eventing.Subscribe<BeforeStartEvent>((@event, cancellationToken) =>
            {
                var summary = @event.Services.GetRequiredService<StartupSummary>();
                var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                // Runs beside the start-up: it watches resource notifications until everything is up.
                _ = summary.WriteAsync(stopping);
                return Task.CompletedTask;
            });
        }
        builder.Services.AddSingleton(new StartupSummaryLine(line));
        return builder;
    }
}
