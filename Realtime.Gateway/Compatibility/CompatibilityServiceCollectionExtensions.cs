using LogPlatform.Storage.Queries;
using Realtime.Gateway.Filtering;

namespace Realtime.Gateway.Compatibility;

/// <summary>The shapes and paths of the systems LogPlatform replaces, at the edge, over the one internal model.</summary>
public static class CompatibilityServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddCompatibleApis(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LogOffsetQueries>();
        builder.Services.AddSingleton<IHealthBodyFields, AggregatorHealthFields>();
        // A job run's stream or history is asked for before (or without) its first log.
        builder.Services.AddSingleton(new KnownPropertyNames(JobRunLogJson.PropertyNames));
        return builder;
    }

    public static IEndpointRouteBuilder MapCompatibleApis(this IEndpointRouteBuilder app)
    {
        app.MapJobRunHistoryApi();
        return app;
    }
}
