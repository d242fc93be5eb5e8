using Stats.Service.Publishing;

namespace Stats.Service;

public static class StatsServiceCollectionExtensions
{
    /// <summary>Options (validated at start), the counter reader and the publisher of <c>stats:live</c>.</summary>
    public static IHostApplicationBuilder AddStats(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StatsOptions>()
            .BindConfiguration(StatsOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Interval > TimeSpan.Zero && o.RateWindow >= o.Interval,
                "Stats:Interval must be positive and Stats:RateWindow at least one interval.")
            .ValidateOnStart();
        builder.Services.AddSingleton<StatsReader>();
        builder.Services.AddHostedService<StatsPublisher>();
        return builder;
    }
}
