using LogPlatform.Storage.Queries;
using Realtime.Gateway.Security;

namespace Realtime.Gateway.Streaming;

public static class StreamingServiceCollectionExtensions
{
    /// <summary>Options, access checks, the live feed from Redis, the client registry and the history reads.</summary>
    public static IHostApplicationBuilder AddLiveStreams(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.AllowAnonymous || o.Tokens.Any(t => !string.IsNullOrWhiteSpace(t)),
                "Gateway:Tokens is empty: set at least one stream token (Gateway__Tokens__0), or Gateway:AllowAnonymous=true for development.")
            .Validate(o => o.HeartbeatInterval > TimeSpan.Zero && o.HeartbeatTimeout > TimeSpan.Zero && o.SlowClientTimeout > TimeSpan.Zero,
                "Gateway heartbeat and slow-client times must be positive.")
            .ValidateOnStart();

        OriginAllowList.Register(builder.Services);
        builder.Services.AddSingleton<StreamAccess>();
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<ClientRegistry>();
        builder.Services.AddSingleton<LogQueries>();
        builder.Services.AddSingleton<HistoryCatchUp>();
        builder.Services.AddSingleton<RecentActivity>();
        builder.Services.AddSingleton<StreamFormats>();
        builder.Services.AddSingleton<StreamSession>();
        builder.Services.AddHostedService<LiveFeed>();
        builder.Services.AddHostedService<SlowClientMonitor>();
        return builder;
    }
}
