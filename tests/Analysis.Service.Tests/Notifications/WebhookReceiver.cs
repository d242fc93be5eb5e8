using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Analysis.Service.Tests.Notifications;

/// <summary>
/// A real HTTP receiver on a free loopback port (Kestrel): records every request it gets (body, headers, time) and answers
/// as the test says, by the request's number (1 for the first).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    public sealed record Request(int Number, byte[] Body, IReadOnlyDictionary<string, string> Headers, DateTimeOffset At);

    public ConcurrentQueue<Request> Requests { get; } = new();
    public Uri Url { get; private set; } = null!;

    /// <summary>How to answer request number N; the default is 200.</summary>
    public Func<int, HttpContext, Task> Respond { get; set; } = (_, _) => Task.CompletedTask;

    private WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hook", async context =>
        {
            var number = Interlocked.Increment(ref _count);
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            Requests.Enqueue(new Request(number, body.ToArray(),
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), DateTimeOffset.UtcNow));
            await Respond(number, context);
        });
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/hook");
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> requests arrived.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Requests.Count < count)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"The receiver got {Requests.Count} requests, not {count}, within {timeout.TotalSeconds} s.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
