using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Options;
using Realtime.Gateway.Filtering;
using Realtime.Gateway.Security;

namespace Realtime.Gateway.Streaming;

/// <summary>
/// The live streams: WebSocket <c>/ws</c>, <c>/ws/logs</c>, <c>/ws/stats</c>; SSE <c>/sse/logs</c>, <c>/sse/stats</c>; and their status.
/// Each in the format the client asks for (<c>format=</c>) or the path's default (<see cref="StreamFormats"/>).
/// </summary>
public static class StreamEndpoints
{
    private const string FilterHelp =
        "Filters: min_level, level (comma list), source, application, q (message contains), any other parameter = property " +
        "equality (e.g. job_run_id=42, stream=stderr); paging or sorting parameters (offset, page, sort...) are a 400. History: history=N (last N matching) or after_id=ID, then live. Token: access_token " +
        "query parameter or Authorization: Bearer.";

    public const string StatusPath = "/api/v1/streams/status";

    private const string FormatHelp =
        " format=native asks for LogPlatform's envelopes (batched 'logs' messages) where a path's default is another shape.";

    public static IEndpointRouteBuilder MapLiveStreams(this IEndpointRouteBuilder app)
    {
        app.MapWebSocketStream("/ws", StreamKind.Combined)
            .WithSummary("WebSocket: logs, stats, alerts and anomalies as typed envelopes")
            .WithDescription(FilterHelp + FormatHelp + " Client messages (at most 512 bytes): {\"type\":\"ping\"} or ping -> pong; " +
                             "{\"type\":\"set_filter\",\"filter\":{\"min_level\":\"warn\",\"source\":\"api\"}} changes the filter without reconnecting.");
        app.MapWebSocketStream("/ws/logs", StreamKind.Logs).WithSummary("WebSocket: logs").WithDescription(FilterHelp + FormatHelp);
        app.MapWebSocketStream("/ws/stats", StreamKind.Stats).WithSummary("WebSocket: live figures every 500 ms").WithDescription(FormatHelp);

        app.MapSseStream("/sse/logs", StreamKind.Logs)
            .WithSummary("Server-Sent Events: logs as 'log' events with ids; Last-Event-ID resumes").WithDescription(FilterHelp);
        app.MapSseStream("/sse/stats", StreamKind.Stats).WithSummary("Server-Sent Events: 'stats' events");

        // LogPlatform's own status; /api/v1/logs/stream/status answers in the job-run viewers' shape (Compatibility/).
        app.MapGet(StatusPath, (ClientRegistry registry, TimeProvider time) => StreamStatus.From(registry.Clients, time.GetUtcNow()))
            .WithTags("Live streams").WithSummary("Open stream connections by protocol, stream and scope; messages sent and dropped")
            .RequireStreamToken().AllowBrowserOrigins();
        return app;
    }

    /// <summary>A WebSocket stream at <paramref name="path"/>: token and origin checked, <c>format=</c> or the path's default format.</summary>
    public static IEndpointConventionBuilder MapWebSocketStream(this IEndpointRouteBuilder app, string path, StreamKind kind)
    {
        var endpoint = app.MapGet(path, (HttpContext context) => AcceptAsync(context, path, kind)).WithTags("Live streams");
        endpoint.RequireStreamToken(checkOrigin: true);
        endpoint.RejectUnseenProperties();
        return endpoint;
    }

    /// <summary>A Server-Sent Events stream at <paramref name="path"/>, open to the allowed browser origins.</summary>
    public static IEndpointConventionBuilder MapSseStream(this IEndpointRouteBuilder app, string path, StreamKind kind)
    {
        var endpoint = app.MapGet(path, (HttpContext context) => StreamSseAsync(context, path, kind)).WithTags("Live streams");
        endpoint.RequireStreamToken().RejectUnseenProperties().AllowBrowserOrigins();
        return endpoint;
    }

    private static async Task AcceptAsync(HttpContext context, string path, StreamKind kind)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (!TryReadRequest(context, path, options, out var request, out var format, out var problem))
        {
            await problem!.ExecuteAsync(context);
            return;
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket expected",
                detail: "Open this endpoint with a WebSocket client; for plain HTTP use /sse/logs or /api/v1/logs.").ExecuteAsync(context);
            return;
        }

        LimitSendBuffer(context, options.StreamSendBufferBytes);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            // Protocol-level ping every interval; a peer that does not answer within the timeout is closed.
            KeepAliveInterval = options.HeartbeatInterval,
            KeepAliveTimeout = options.HeartbeatTimeout,
        });
        var transport = new WebSocketTransport(socket, options.MaxClientMessageBytes);
        await context.RequestServices.GetRequiredService<StreamSession>().RunAsync(transport, kind, format, request, context.RequestAborted);
    }

    private static async Task StreamSseAsync(HttpContext context, string path, StreamKind kind)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (!TryReadRequest(context, path, options, out var request, out var format, out var problem))
        {
            await problem!.ExecuteAsync(context);
            return;
        }
        LimitSendBuffer(context, options.StreamSendBufferBytes);
        var transport = new SseTransport(context.Response, options.HeartbeatInterval);
        await context.RequestServices.GetRequiredService<StreamSession>().RunAsync(transport, kind, format, request, context.RequestAborted);
    }

    private static bool TryReadRequest(HttpContext context, string path, GatewayOptions options,
        out StreamRequest request, out StreamFormat format, out IResult? problem)
    {
        format = NativeFormat.Instance;
        if (!StreamRequest.TryRead(context.Request, options.MaxHistory, out request, out problem)) return false;
        var formats = context.RequestServices.GetRequiredService<StreamFormats>();
        string? requested = context.Request.Query["format"];
        if (formats.TryResolve(path, requested, out format)) return true;
        problem = Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid stream parameters",
            detail: $"'format' must be one of: {string.Join(", ", formats.Names)}.", extensions: new Dictionary<string, object?> { ["parameter"] = "format" });
        return false;
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
