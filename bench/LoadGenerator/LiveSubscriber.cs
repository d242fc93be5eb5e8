using System.Buffers.Text;
using System.Net.WebSockets;

namespace LoadGenerator;

/// <summary>
/// One WebSocket client of the gateway's <c>/ws/logs</c> in a given format (batched envelopes, or one log per message). It
/// does not deserialise the messages: it finds each log's <c>"sent_us":</c> and records now − sent_us, so a thousand
/// clients on the same two cores cost little.
/// </summary>
public sealed class LiveSubscriber(bool errorsOnly, LatencyHistogram latency, string format = "native") : IDisposable
{
    private static readonly byte[] DroppedTotalMarker = "\"dropped_total\":"u8.ToArray();
    private static readonly byte[] SentMarker = "\"sent_us\":"u8.ToArray();
    private static readonly byte[] TotalMarker = "\"total\":"u8.ToArray();
    private readonly ClientWebSocket _socket = new();
    private byte[] _buffer = new byte[4096];

    public bool ErrorsOnly { get; } = errorsOnly;
    public long Delivered { get; private set; }
    public long DroppedReported { get; private set; }
    public string? ClosedBecause { get; private set; }

    public async Task ConnectAsync(Uri gateway, string token, string runId, CancellationToken cancellationToken)
    {
        var query = $"format={format}&access_token={Uri.EscapeDataString(token)}&job_run_id={Uri.EscapeDataString(runId)}" + (ErrorsOnly ? "&level=error" : "");
        _socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        await _socket.ConnectAsync(new Uri(gateway, "/ws/logs?" + query), cancellationToken);
    }

    public async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
                    result = await _socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
                    length += result.Count;
                } while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ClosedBecause = $"{_socket.CloseStatus} {_socket.CloseStatusDescription}";
                    return;
                }
                Read(_buffer.AsSpan(0, length));
            }
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException ex) { ClosedBecause = ex.Message; }
    }

    private void Read(ReadOnlySpan<byte> frame)
    {
        var nowUs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000 + DateTimeOffset.UtcNow.Ticks % TimeSpan.TicksPerMillisecond / 10;
        if (frame.StartsWith("{\"type\":\"dropped\""u8))
        {
            var at = frame.IndexOf(TotalMarker);
            if (at >= 0 && Utf8Parser.TryParse(frame[(at + TotalMarker.Length)..], out long total, out _)) DroppedReported = total;
            return;
        }
        if (frame.IndexOf(DroppedTotalMarker) is var notice and >= 0)
        {
            // One log per message: the gateway's notice is a log of its own, from source "gateway".
            if (Utf8Parser.TryParse(frame[(notice + DroppedTotalMarker.Length)..], out long total, out _)) DroppedReported = total;
            return;
        }
        while (true)
        {
            var at = frame.IndexOf(SentMarker);
            if (at < 0) return;
            frame = frame[(at + SentMarker.Length)..];
            if (Utf8Parser.TryParse(frame, out long sentUs, out var consumed))
            {
                Delivered++;
                latency.Record(nowUs - sentUs);
                frame = frame[consumed..];
            }
        }
    }

    public async Task CloseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (_socket.State == WebSocketState.Open) await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bench done", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException) { _socket.Abort(); }
    }

    public void Dispose() => _socket.Dispose();
}
