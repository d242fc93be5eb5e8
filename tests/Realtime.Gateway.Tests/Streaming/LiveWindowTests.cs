using System.Diagnostics.Metrics;
using System.Text.Json;
using LogPlatform.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Gateway.Streaming;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Streaming;

/// <summary>
/// The fan-out of one window of live batches (pure logic: the registry and its clients' queues, no server). Batches that
/// arrived before a client joined were committed before it connected: they belong to its history, never to its live feed.
/// </summary>
public sealed class LiveWindowTests : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ClientRegistry registry;
    private long nextId;

    public LiveWindowTests() =>
        registry = new ClientRegistry(TimeProvider.System, new GatewayMetrics(services.GetRequiredService<IMeterFactory>()), new RecentActivity(TimeProvider.System));

    [Fact]
    public void A_window_goes_to_each_client_as_one_message()
    {
        var early = Join();
        var window = new[] { Arrive(3), Arrive(2), Arrive(4) };

        registry.PublishLogs(window);

        var frames = Drain(early);
        Assert.Single(frames);
        Assert.Equal(window.SelectMany(b => b.Logs).Select(l => l.Id), Ids(frames[0]));
    }

    [Fact]
    public void A_client_that_joined_inside_a_window_gets_only_the_batches_that_arrived_after_it()
    {
        var early = Join();
        var before = Arrive(3);
        var late = Join();
        var after = new[] { Arrive(2), Arrive(1) };
        var joinedAfterAll = Join();

        registry.PublishLogs([before, .. after]);

        Assert.Equal(6, Drain(early).SelectMany(Ids).Count());
        Assert.Equal(after.SelectMany(b => b.Logs).Select(l => l.Id), Drain(late).SelectMany(Ids));
        Assert.Empty(Drain(joinedAfterAll));
    }

    [Fact]
    public void Clients_with_the_same_filter_share_one_serialised_frame()
    {
        var (a, b) = (Join(), Join());
        var errorsOnly = Join(LogFilter.TryParse([KeyValuePair.Create("level", (string?)"error")], out var filter, out _) ? filter : throw new InvalidOperationException());

        registry.PublishLogs([Arrive(12)]);

        var (frameA, frameB, frameErrors) = (Drain(a).Single(), Drain(b).Single(), Drain(errorsOnly).Single());
        Assert.Same(frameA, frameB);
        Assert.Equal(12, frameA.LogCount);
        Assert.Equal(2, frameErrors.LogCount); // TestLogs.Many cycles through the six levels
    }

    [Fact]
    public void A_client_that_resumed_after_an_id_gets_no_live_log_at_or_below_it()
    {
        // The previous connection read logs 1..4 from the database before the worker had published them; the client
        // resumes with after_id=4, and that batch arrives only after the new connection has caught up (its history was empty).
        var resumed = JoinCatchingUp();
        Assert.Empty(resumed.EndCatchUp(coveredUpTo: 4));

        registry.PublishLogs([Arrive(6)]);

        Assert.Equal([5L, 6L], Drain(resumed).SelectMany(Ids));
    }

    [Fact]
    public void Live_logs_held_during_a_catch_up_are_kept_only_above_what_it_covered()
    {
        var catchingUp = JoinCatchingUp();

        registry.PublishLogs([Arrive(5)]);
        Assert.Empty(Drain(catchingUp)); // held while the history is read

        Assert.Equal([4L, 5L], catchingUp.EndCatchUp(coveredUpTo: 3).Select(log => log.Id));
        registry.PublishLogs([Arrive(2)]);
        Assert.Equal([6L, 7L], Drain(catchingUp).SelectMany(Ids));
    }

    private StreamClient Join(LogFilter? filter = null, bool catchingUp = false)
    {
        var client = new StreamClient(StreamProtocol.WebSocket, StreamKind.Logs, filter ?? LogFilter.All, capacity: 16, TimeProvider.System);
        if (catchingUp) client.BeginCatchUp(); // as a connection that asked for history or after_id does, before it joins
        registry.Add(client);
        return client;
    }

    private StreamClient JoinCatchingUp() => Join(catchingUp: true);

    private LiveBatch Arrive(int count)
    {
        var logs = TestLogs.Many("window", count).Select(l => l with { Id = ++nextId }).ToArray();
        return new LiveBatch(registry.NumberArrival(), logs);
    }

    private static List<OutgoingFrame> Drain(StreamClient client)
    {
        var frames = new List<OutgoingFrame>();
        while (client.Outgoing.TryRead(out var frame)) frames.Add(frame);
        return frames;
    }

    private static IEnumerable<long> Ids(OutgoingFrame frame)
    {
        using var envelope = JsonDocument.Parse(frame.Bytes);
        return envelope.RootElement.GetProperty("data").EnumerateArray().Select(l => l.GetProperty("id").GetInt64()).ToList();
    }

    public void Dispose() => services.Dispose();
}
