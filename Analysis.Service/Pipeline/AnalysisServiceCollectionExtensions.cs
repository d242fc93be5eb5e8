using Analysis.Service.Anomalies;
using LogPlatform.Storage.Analysis;
using LogPlatform.Storage.Queries;

namespace Analysis.Service.Pipeline;

public static class AnalysisServiceCollectionExtensions
{
    /// <summary>
    /// Options, Redis and PostgreSQL, the store and the pipeline that follows the stored logs while this instance holds the
    /// lease. Anomaly detectors are added as <c>IAnomalyDetector</c> services (scoped: one set per leader term).
    /// </summary>
    public static IHostApplicationBuilder AddLogAnalysis(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnalysisOptions>()
            .BindConfiguration(AnalysisOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.IsValid(out _), "Analysis options are inconsistent: the lease must last at least two renew intervals, and intervals must be positive.")
            .ValidateOnStart();

        builder.AddRedisClient("redis", configureOptions: RedisConnectionDefaults.Apply);
        builder.AddNpgsqlDataSource("logs");
        builder.Services.AddSingleton<AnalysisTelemetry>();
        builder.Services.AddSingleton<AnalysisStore>();
        builder.Services.AddSingleton<LogQueries>();
        builder.Services.AddSingleton<AnalysisPublisher>();
        // One configuration for every input, as for the miner; scoped so a new leader term starts from a clean baseline.
        builder.Services.AddScoped<IAnomalyDetector>(_ => new AnomalyDetectors(AnomalyDetectionOptions.Production));
        builder.Services.AddSingleton<AnalysisWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AnalysisWorker>());
        return builder;
    }
}
