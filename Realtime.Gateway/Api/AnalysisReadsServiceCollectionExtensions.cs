using LogPlatform.Storage.Analysis;

namespace Realtime.Gateway.Api;

public static class AnalysisReadsServiceCollectionExtensions
{
    /// <summary>The reads of what the analysis service stores (patterns, anomalies), for the patterns and anomalies APIs.</summary>
    public static IHostApplicationBuilder AddAnalysisReads(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PatternQueries>();
        builder.Services.AddSingleton<AnomalyQueries>();
        return builder;
    }
}
