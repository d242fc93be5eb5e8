using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Streaming;

[Collection(GatewayCollection.Name)]
public sealed class HistoryTests(GatewayFixture servers)
{
    [Fact]
    public async Task History_returns_the_last_N_matching_then_live()
    {
        var application = TestLogs.NewApplication("history");
        var stored = await servers.StoreAsync(TestLogs.Many(application, 30));
        var matching = stored.Where(l => l.Level >= LogSeverity.Warn).ToList();

        await using var socket = await GatewayFixture.ConnectAsync(servers.Gateway, $"/ws/logs?format=native&application={application}&min_level=warn&history=5");
        await socket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        var history = await socket.LogsUntilAsync(l => l.Id == matching[^1].Id);
        Assert.Equal(matching[^5..].Select(l => l.Id), history.Select(l => l.Id));
        Assert.Equal(matching[^1].Message, history[^1].Message);

        await servers.StoreAndPublishAsync(TestLogs.Log(application, "live info"));
        var live = await servers.StoreAndPublishAsync(TestLogs.Log(application, "live error", LogSeverity.Error));
        Assert.Equal([live[0].Id], (await socket.LogsUntilAsync(l => l.Id == live[0].Id)).Select(l => l.Id));
    }

    [Fact]
    public async Task History_then_live_has_no_gap_and_no_duplicate_at_the_seam_while_logs_keep_coming()
    {
        var application = TestLogs.NewApplication("seam");
        var all = new List<LogEvent>(await servers.StoreAsync(TestLogs.Many(application, 60)));

        // A worker stores and publishes batches the whole time the clients connect.
        using var stopWriting = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stopWriting.IsCancellationRequested; i++)
            {
                var batch = await servers.StoreAndPublishAsync(TestLogs.Many(application, 6, $"concurrent {i}"));
                lock (all) all.AddRange(batch);
            }
        });

        var clients = new List<LiveSocket>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var client = await GatewayFixture.ConnectAsync(servers.Gateway, $"/ws/logs?format=native&application={application}&min_level=warn&history=10");
                clients.Add(client);
                await client.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
                await Task.Delay(20); // spread the connects over the writes
            }
            await stopWriting.CancelAsync();
            await writer;
            var sentinel = await servers.StoreAndPublishAsync(TestLogs.Log(application, "sentinel", LogSeverity.Fatal));
            all.AddRange(sentinel);

            var matching = all.Where(l => l.Level >= LogSeverity.Warn).Select(l => l.Id).Order().ToList();
            foreach (var client in clients)
            {
                var received = (await client.LogsUntilAsync(l => l.Id == sentinel[0].Id)).Select(l => l.Id).ToList();
                // Exactly the matching logs from some point to the end: no gap, no duplicate, in order, and at least the history asked for.
                Assert.True(received.Count >= 10, $"Only {received.Count} logs, history=10 was asked.");
                Assert.True(matching[^received.Count..].SequenceEqual(received),
                    $"Received {string.Join(',', received)}; matching stored {string.Join(',', matching)}");
            }
        }
        finally
        {
            await stopWriting.CancelAsync();
            foreach (var client in clients) await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_log_in_the_history_and_published_after_the_catch_up_is_not_sent_twice()
    {
        var application = TestLogs.NewApplication("late");
        // The worker has committed this log but not yet published it when the client reads its history.
        var committed = await servers.StoreAsync(TestLogs.Many(application, 3, "committed"));

        await using var socket = await GatewayFixture.ConnectAsync(servers.Gateway, $"/ws/logs?format=native&application={application}&history=10");
        await socket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        Assert.Equal(committed.Select(l => l.Id), (await socket.LogsUntilAsync(l => l.Id == committed[^1].Id)).Select(l => l.Id));

        await servers.PublishAsync(committed);
        var next = await servers.StoreAndPublishAsync(TestLogs.Log(application, "next"));
        Assert.Equal([next[0].Id], (await socket.LogsUntilAsync(l => l.Id == next[0].Id)).Select(l => l.Id));
    }

    [Fact]
    public async Task After_id_resumes_with_exactly_the_logs_after_that_id_then_live()
    {
        var application = TestLogs.NewApplication("afterid");
        var stored = await servers.StoreAsync(TestLogs.Many(application, 20));
        var resumeAfter = stored[7].Id;

        await using var everything = await GatewayFixture.ConnectAsync(servers.Gateway, $"/ws/logs?format=native&application={application}&after_id={resumeAfter}");
        await using var errors = await GatewayFixture.ConnectAsync(servers.Gateway, $"/ws/logs?format=native&application={application}&after_id={resumeAfter}&level=error");
        await everything.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        await errors.ExpectAsync(EnvelopeTypes.ConnectionEstablished);

        Assert.Equal(stored[8..].Select(l => l.Id), (await everything.LogsUntilAsync(l => l.Id == stored[^1].Id)).Select(l => l.Id));
        var lastError = stored.Last(l => l.Level == LogSeverity.Error);
        Assert.Equal(stored[8..].Where(l => l.Level == LogSeverity.Error).Select(l => l.Id),
            (await errors.LogsUntilAsync(l => l.Id == lastError.Id)).Select(l => l.Id));

        var live = await servers.StoreAndPublishAsync(TestLogs.Many(application, 6, "live"));
        Assert.Equal(live.Select(l => l.Id), (await everything.LogsUntilAsync(l => l.Id == live[^1].Id)).Select(l => l.Id));
        var liveError = live.Single(l => l.Level == LogSeverity.Error);
        Assert.Equal([liveError.Id], (await errors.LogsUntilAsync(l => l.Id == liveError.Id)).Select(l => l.Id));
    }

    [Fact]
    public async Task Resuming_after_more_logs_than_the_history_limit_sends_the_newest_and_says_how_many_were_skipped()
    {
        await using var gateway = await servers.StartGatewayAsync(("Gateway:MaxHistory", "5"));
        var application = TestLogs.NewApplication("limit");
        var stored = await servers.StoreAsync(TestLogs.Many(application, 12));

        await using var socket = await GatewayFixture.ConnectAsync(gateway, $"/ws/logs?format=native&application={application}&after_id={stored[0].Id}");
        await socket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        // 11 logs after the id, 5 allowed: the 6 oldest are skipped and counted, the 5 newest meet the live ones without a gap.
        Assert.Equal(6, (await socket.ExpectAsync(EnvelopeTypes.Dropped)).GetProperty("data").GetProperty("count").GetInt64());
        Assert.Equal(stored[7..].Select(l => l.Id), (await socket.LogsUntilAsync(l => l.Id == stored[^1].Id)).Select(l => l.Id));
        var live = await servers.StoreAndPublishAsync(TestLogs.Log(application, "live"));
        Assert.Equal([live[0].Id], (await socket.LogsUntilAsync(l => l.Id == live[0].Id)).Select(l => l.Id));

        // Within the limit nothing is skipped and nothing is said.
        await using var near = await GatewayFixture.ConnectAsync(gateway, $"/ws/logs?format=native&application={application}&after_id={stored[^3].Id}");
        await near.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        Assert.Equal([stored[^2].Id, stored[^1].Id, live[0].Id], (await near.LogsUntilAsync(l => l.Id == live[0].Id)).Select(l => l.Id));
    }
}
