using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using LogPlatform.Contracts;

namespace Realtime.Gateway.Tests.Servers;

/// <summary>A test's side of a gateway WebSocket: reads whole envelopes, waits with a timeout, never forever.</summary>
public sealed class LiveSocket(WebSocket socket) : IAsyncDisposable
{
    // Generous: a loaded CI machine (two cores, a build beside) once took over 10 s to store and relay a dozen one-log batches.
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public WebSocket Socket { get; } = socket;

    /// <summary>The next envelope; fails the test if none arrives in time or the server closes.</summary>
    public async Task<JsonElement> NextAsync(TimeSpan? timeout = null)
    {
        using var document = JsonDocument.Parse(await NextTextAsync(timeout));
        return document.RootElement.Clone();
    }

    /// <summary>The next message as text (JSON or not, such as a plain <c>pong</c>).</summary>
    public async Task<string> NextTextAsync(TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var result = await Socket.ReceiveAsync(buffer, limit.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Assert.Fail($"The server closed the WebSocket ({result.CloseStatus}: {result.CloseStatusDescription}).");
                }
                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage) break;
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            Assert.Fail($"No message within {(timeout ?? DefaultTimeout).TotalSeconds} s.");
        }
        return Encoding.UTF8.GetString(message.ToArray());
    }

    /// <summary>Messages until one satisfies <paramref name="wanted"/>, which is returned; the others are skipped.</summary>
    public async Task<JsonElement> UntilAsync(Func<JsonElement, bool> wanted, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var message = await NextAsync(timeout ?? TimeSpan.FromSeconds(20));
            if (wanted(message)) return message;
            Assert.False(limit.IsCancellationRequested, "The wanted message did not arrive in time.");
        }
    }

    /// <summary>The next envelope, which must be of this type.</summary>
    public async Task<JsonElement> ExpectAsync(string type, TimeSpan? timeout = null)
    {
        var envelope = await NextAsync(timeout);
        Assert.True(Type(envelope) == type, $"Expected a '{type}' envelope, got {envelope.GetRawText()}");
        return envelope;
    }

    /// <summary>Logs from 'logs' envelopes until one satisfies <paramref name="isLast"/>; any other envelope fails the test.</summary>
    public async Task<List<LogEvent>> LogsUntilAsync(Func<LogEvent, bool> isLast, TimeSpan? timeout = null)
    {
        var logs = new List<LogEvent>();
        while (true)
        {
            var envelope = await ExpectAsync(EnvelopeTypes.Logs, timeout);
            var batch = Logs(envelope);
            logs.AddRange(batch);
            if (batch.Any(isLast)) return logs;
        }
    }

    public Task SendAsync(string text)
        => Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    public static string? Type(JsonElement envelope) => envelope.GetProperty("type").GetString();

    public static LogEvent[] Logs(JsonElement envelope) => envelope.GetProperty("data").Deserialize(ContractsJsonContext.Default.LogEventArray)!;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Socket.State == WebSocketState.Open)
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "test done", limit.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            Socket.Abort();
        }
        Socket.Dispose();
    }
}
