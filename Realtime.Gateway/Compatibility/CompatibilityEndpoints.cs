using Realtime.Gateway.Streaming;

namespace Realtime.Gateway.Compatibility;

/// <summary>
/// The message shapes of the systems LogPlatform replaces, so their clients work unchanged but for the address and the
/// token: formats for the paths they share with ours (their default there), and the paths only they use.
/// </summary>
public static class CompatibilityEndpoints
{
    public static IHostApplicationBuilder AddStreamCompatibility(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StreamFormat, LogObjectFormat>();
        builder.Services.AddSingleton<StreamFormat, FlatStatsFormat>();
        builder.Services.AddSingleton<StreamFormat, TypedEventFormat>();
        builder.Services.AddSingleton<StreamFormat, JobLogFormat>();
        builder.Services.AddSingleton<StreamFormat, AnomalyScoreFormat>();
        return builder;
    }

    public static IEndpointRouteBuilder MapStreamCompatibility(this IEndpointRouteBuilder app)
    {
        const string jobHelp = "Global, or one job run's logs with ?job_run_id= (any property filter works, as on /ws/logs). Token: access_token or Bearer.";
        app.MapWebSocketStream(JobLogFormat.WebSocketPath, StreamKind.Logs)
            .WithSummary("WebSocket: one log per message with job_run_id, task_run_id, stream, task_name at the top level").WithDescription(jobHelp);
        app.MapSseStream(JobLogFormat.SsePath, StreamKind.Logs)
            .WithSummary("Server-Sent Events: 'log' events, one log each, with the job fields at the top level").WithDescription(jobHelp);
        app.MapWebSocketStream(AnomalyScoreFormat.Path, StreamKind.Combined)
            .WithSummary("WebSocket: connection, score, alert and stats messages from the anomalies, alerts and stats");
        return app;
    }
}
