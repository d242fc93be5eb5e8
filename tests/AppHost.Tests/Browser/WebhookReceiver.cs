using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace AppHost.Tests.Browser;

/// <summary>
/// A real HTTP receiver on a free loopback port, where a webhook channel made in the browser posts: records every body
/// (parsed) and answers 200.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public ConcurrentQueue<JsonDocument> Bodies { get; } = new();
    public Uri Url { get; }

    public WebhookReceiver()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/hook/");
        }
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(ReceiveAsync);
    }

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                Bodies.Enqueue(await JsonDocument.ParseAsync(context.Request.InputStream));
            }
            catch (JsonException)
            {
                Bodies.Enqueue(JsonDocument.Parse("null"));
            }
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    /// <summary>The first body whose <c>type</c> is <paramref name="type"/> (alert.firing, alert.test…), waiting for it.</summary>
    public async Task<JsonElement> WaitForTypeAsync(string type, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            foreach (var body in Bodies)
            {
                if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("type", out var t) && t.ValueEquals(type))
                    return body.RootElement;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"No '{type}' webhook within {timeout.TotalSeconds} s; got: "
                    + string.Join(" | ", Bodies.Select(b => b.RootElement.GetRawText()[..Math.Min(200, b.RootElement.GetRawText().Length)])));
            }
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
        foreach (var body in Bodies) body.Dispose();
    }
}
