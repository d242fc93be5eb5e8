using System.Text;

namespace Realtime.Gateway.Tests.Servers;

/// <summary>One Server-Sent Event: its id, event name and data (null when the block had none, e.g. 'retry').</summary>
public sealed record SseEvent(string? Id, string? Event, string? Data);

/// <summary>Reads events from a text/event-stream response, with a timeout per event.</summary>
public sealed class SseStream(HttpResponseMessage response, Stream body) : IDisposable
{
    private readonly StreamReader reader = new(body, Encoding.UTF8);

    public HttpResponseMessage Response { get; } = response;

    public static async Task<SseStream> OpenAsync(HttpClient client, string pathAndQuery, long? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (lastEventId is { } id) request.Headers.Add("Last-Event-ID", id.ToString());
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new SseStream(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event with data (keep-alive comments and 'retry' blocks are skipped).</summary>
    public async Task<SseEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? LiveSocket.DefaultTimeout);
        string? id = null, name = null;
        StringBuilder? data = null;
        try
        {
            while (true)
            {
                var line = await reader.ReadLineAsync(limit.Token);
                if (line is null) Assert.Fail("The event stream ended.");
                if (line.Length == 0)
                {
                    if (data is not null) return new SseEvent(id, name, data.ToString());
                    id = name = null;
                    continue;
                }
                if (line.StartsWith(':')) continue;
                var colon = line.IndexOf(':');
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "id": id = value; break;
                    case "event": name = value; break;
                    case "data": (data ??= new StringBuilder()).Append(data.Length > 0 ? "\n" : "").Append(value); break;
                }
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            Assert.Fail($"No event within {(timeout ?? LiveSocket.DefaultTimeout).TotalSeconds} s.");
            throw;
        }
    }

    public void Dispose()
    {
        reader.Dispose();
        Response.Dispose();
    }
}
