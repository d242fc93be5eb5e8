using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Options;
using Realtime.Gateway.Filtering;
using Realtime.Gateway.Security;

namespace Realtime.Gateway.Streaming;

/// <summary>The live streams: WebSocket <c>/ws</c>, <c>/ws/logs</c>, <c>/ws/stats</c>; SSE <c>/sse/logs</c>, <c>/sse/stats</c>; and their status.</summary>
public static class StreamEndpoints
{
    private const string FilterHelp =
        "Filters: min_level, level (comma list), source, application, q (message contains), any other parameter = property " +
        "equality (e.g. job_run_id=42, stream=stderr); paging or sorting parameters (offset, page, sort...) are a 400. History: history=N (last N matching) or after_id=ID, then live. Token: access_token " +
        "query parameter or Authorization: Bearer.";

    public const string StatusPath = "/api/v1/streams/status";

    public static IEndpointRouteBuilder MapLiveStreams(this IEndpointRouteBuilder app)
    {
        var ws = app.MapGroup("/ws").WithTags("Live streams").RequireStreamToken(checkOrigin: true).RejectUnseenProperties();
        ws.MapGet("/", (HttpContext context) => AcceptAsync(context, StreamKind.Combined))
            .WithSummary("WebSocket: logs, stats and alerts as typed envelopes")
            .WithDescription(FilterHelp + " Client messages (at most 512 bytes): {\"type\":\"ping\"} or ping -> pong; " +
                             "{\"type\":\"set_filter\",\"filter\":{\"min_level\":\"warn\",\"source\":\"api\"}} changes the filter without reconnecting.");
        ws.MapGet("/logs", (HttpContext context) => AcceptAsync(context, StreamKind.Logs)).WithSummary("WebSocket: logs").WithDescription(FilterHelp);
        ws.MapGet("/stats", (HttpContext context) => AcceptAsync(context, StreamKind.Stats)).WithSummary("WebSocket: live figures every 500 ms");

        var sse = app.MapGroup("/sse").WithTags("Live streams").RequireStreamToken().RejectUnseenProperties().AllowBrowserOrigins();
        sse.MapGet("/logs", (HttpContext context) => StreamSseAsync(context, StreamKind.Logs))
            .WithSummary("Server-Sent Events: logs as 'log' events with ids; Last-Event-ID resumes").WithDescription(FilterHelp);
        sse.MapGet("/stats", (HttpContext context) => StreamSseAsync(context, StreamKind.Stats)).WithSummary("Server-Sent Events: 'stats' events");

        // LogPlatform's own status; /api/v1/logs/stream/status answers in the job-run viewers' shape (Compatibility/).
        app.MapGet(StatusPath, (ClientRegistry registry, TimeProvider time) => StreamStatus.From(registry.Clients, time.GetUtcNow()))
            .WithTags("Live streams").WithSummary("Open stream connections by protocol, stream and scope; messages sent and dropped")
            .RequireStreamToken().AllowBrowserOrigins();
        return app;
    }

    private static async Task AcceptAsync(HttpContext context, StreamKind kind)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket expected",
                detail: "Open this endpoint with a WebSocket client; for plain HTTP use /sse/logs or /api/v1/logs.").ExecuteAsync(context);
            return;
        }
        if (!StreamRequest.TryRead(context.Request, options.MaxHistory, out var request, out var problem))
        {
            await problem!.ExecuteAsync(context);
            return;
        }

        LimitSendBuffer(context, options.StreamSendBufferBytes);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            // Protocol-level ping every interval; a peer that does not answer within the timeout is closed.
            KeepAliveInterval = options.HeartbeatInterval,
            KeepAliveTimeout = options.HeartbeatTimeout,
        });
        await context.RequestServices.GetRequiredService<WebSocketConnection>().RunAsync(socket, kind, request, context.RequestAborted);
    }

    private static async Task StreamSseAsync(HttpContext context, StreamKind kind)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (!StreamRequest.TryRead(context.Request, options.MaxHistory, out var request, out var problem))
        {
            await problem!.ExecuteAsync(context);
            return;
        }
        LimitSendBuffer(context, options.StreamSendBufferBytes);
        await context.RequestServices.GetRequiredService<SseConnection>().RunAsync(context, kind, request);
    }

    /// <summary>
    /// A client that stops reading must not pin megabytes of kernel memory: Linux grows a socket's send buffer up to
    /// tcp_wmem's maximum (4 MiB by default), per connection. A fixed size bounds what a stalled client holds, and brings
    /// the backpressure sooner to the client's own queue, where drops are counted and reported.
    /// </summary>
    private static void LimitSendBuffer(HttpContext context, int bytes)
    {
        if (bytes > 0 && context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket) socket.SendBufferSize = bytes;
    }
}
