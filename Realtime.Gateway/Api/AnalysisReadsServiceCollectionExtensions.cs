using LogPlatform.Storage.Analysis;

namespace Realtime.Gateway.Api;

public static class AnalysisReadsServiceCollectionExtensions
{
    /// <summary>The reads of what the analysis service stores (patterns, anomalies), for the patterns and anomalies APIs and a log's pattern.</summary>
    public static IHostApplicationBuilder AddAnalysisReads(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PatternQueries>();
        builder.Services.AddSingleton<AnomalyQueries>();
        builder.Services.AddSingleton<LogPatternLookup>();
        return builder;
    }
}
