using Stats.Service.Publishing;
using Stats.Service.Telemetry;

namespace Stats.Service;

public static class StatsServiceCollectionExtensions
{
    /// <summary>Options (validated at start), the counter reader, the publisher of <c>stats:live</c>, telemetry.</summary>
    public static IHostApplicationBuilder AddStats(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StatsOptions>()
            .BindConfiguration(StatsOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Interval > TimeSpan.Zero && o.RateWindow >= o.Interval,
                "Stats:Interval must be positive and Stats:RateWindow at least one interval.")
            .ValidateOnStart();
        builder.Services.AddSingleton<StatsTelemetry>();
        builder.Services.AddSingleton<StatsReader>();
        builder.Services.AddHostedService<StatsPublisher>();
        return builder;
    }
}
