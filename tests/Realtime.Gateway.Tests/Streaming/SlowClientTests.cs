using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Streaming;

[Collection(GatewayCollection.Name)]
public sealed class SlowClientTests(GatewayFixture servers)
{
    [Fact]
    public async Task A_client_that_does_not_read_loses_the_oldest_batches_and_is_told_how_many_while_a_reading_client_gets_everything()
    {
        // Real sockets, so a client that does not read pushes back on the server; a queue of 2 batches per client.
        await using var gateway = await servers.StartKestrelGatewayAsync(("Gateway:SendQueueCapacity", "2"), ("Gateway:SlowClientTimeout", "00:05:00"));
        using var http = gateway.CreateClient();
        var application = TestLogs.NewApplication("slow");
        await using var slow = await gateway.ConnectAsync($"/ws/logs?format=native&application={application}", receiveBufferBytes: 4096);
        await using var reader = await gateway.ConnectAsync($"/ws/logs?format=native&application={application}");
        await slow.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        await reader.ExpectAsync(EnvelopeTypes.ConnectionEstablished);

        // Batches as the worker publishes them; ids of their own, far above the database's.
        var nextId = 1_000_000_000_000L + Random.Shared.Next(1_000_000) * 10_000L;
        var payload = new string('x', 1_000);
        var published = new List<long>();
        async Task PublishBatchAsync()
        {
            var batch = Enumerable.Range(0, 20).Select(i => TestLogs.Log(application, $"{payload} {i}") with { Id = nextId++ }).ToArray();
            await servers.PublishAsync(batch);
            published.AddRange(batch.Select(l => l.Id));
            // The reading client keeps up: the next batch goes out once it has this one.
            Assert.Equal(batch.Select(l => l.Id), (await reader.LogsUntilAsync(l => l.Id == batch[^1].Id)).Select(l => l.Id));
        }

        var droppedSoFar = 0L;
        for (var i = 0; droppedSoFar == 0; i++)
        {
            Assert.True(i < 3_000, "The server never dropped anything for the client that does not read.");
            await PublishBatchAsync();
            if (i % 10 == 9) droppedSoFar = await LogsDroppedAsync(http);
        }
        for (var i = 0; i < 10; i++) await PublishBatchAsync();

        // Now the slow client reads: what it got and what it was told it lost add up to everything, the newest last.
        var received = new List<long>();
        var reportedDropped = 0L;
        var droppedMessages = 0;
        while (received.Count == 0 || received[^1] != published[^1])
        {
            var envelope = await slow.NextAsync();
            switch (LiveSocket.Type(envelope))
            {
                case EnvelopeTypes.Logs:
                    received.AddRange(LiveSocket.Logs(envelope).Select(l => l.Id));
                    break;
                case EnvelopeTypes.Dropped:
                    var data = envelope.GetProperty("data");
                    var count = data.GetProperty("count").GetInt64();
                    Assert.True(count > 0);
                    reportedDropped += count;
                    Assert.Equal(reportedDropped, data.GetProperty("total").GetInt64());
                    droppedMessages++;
                    break;
                default:
                    Assert.Fail($"Unexpected {envelope.GetRawText()}");
                    break;
            }
        }
        Assert.True(droppedMessages > 0);
        Assert.Equal(published.Count, received.Count + reportedDropped);
        Assert.Equal(received.Order(), received); // in order, no duplicate
        Assert.Empty(received.Except(published));
        Assert.Equal(reportedDropped, await LogsDroppedAsync(http));

        // Still connected, and live again.
        await slow.SendAsync("ping");
        await slow.ExpectAsync(EnvelopeTypes.Pong);
    }

    [Fact]
    public async Task A_client_that_keeps_losing_logs_for_longer_than_the_slow_client_timeout_is_disconnected()
    {
        await using var gateway = await servers.StartKestrelGatewayAsync(("Gateway:SendQueueCapacity", "2"), ("Gateway:SlowClientTimeout", "00:00:01"));
        using var http = gateway.CreateClient();
        var application = TestLogs.NewApplication("tooslow");
        await using var slow = await gateway.ConnectAsync($"/ws/logs?format=native&application={application}", receiveBufferBytes: 4096);
        await using var reader = await gateway.ConnectAsync($"/ws/logs?format=native&application={application}");
        await slow.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        await reader.ExpectAsync(EnvelopeTypes.ConnectionEstablished);

        var nextId = 2_000_000_000_000L + Random.Shared.Next(1_000_000) * 10_000L;
        var payload = new string('x', 1_000);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        for (var i = 0; await ConnectionsAsync(http) > 1; i++)
        {
            Assert.False(limit.IsCancellationRequested, "The client that does not read was never disconnected.");
            var batch = Enumerable.Range(0, 20).Select(n => TestLogs.Log(application, $"{payload} {n}") with { Id = nextId++ }).ToArray();
            await servers.PublishAsync(batch);
            await reader.LogsUntilAsync(l => l.Id == batch[^1].Id);
            if (i > 50) await Task.Delay(20); // dropping already: give the clock time to pass the timeout
        }

        // The reader is still served; the slow one finds its connection ended once it reads what was buffered.
        var last = TestLogs.Log(application, "after") with { Id = nextId++ };
        await servers.PublishAsync([last]);
        Assert.Equal([last.Id], (await reader.LogsUntilAsync(l => l.Id == last.Id)).Select(l => l.Id));
        await AssertEndsAsync(slow);
    }

    private static async Task AssertEndsAsync(LiveSocket client)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var result = await client.Socket.ReceiveAsync(buffer, limit.Token);
                if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                {
                    Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, result.CloseStatus);
                    Assert.Contains("too slow", result.CloseStatusDescription);
                    return;
                }
            }
        }
        catch (System.Net.WebSockets.WebSocketException)
        {
            // Closed without a close frame: the server gave up sending it to a socket that was full.
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            Assert.Fail("The slow client's connection was still open.");
        }
    }

    private static async Task<int> ConnectionsAsync(HttpClient http)
    {
        using var status = JsonDocument.Parse(await http.GetStringAsync("/api/v1/streams/status"));
        return status.RootElement.GetProperty("connections").GetInt32();
    }

    [Fact]
    public async Task An_sse_client_that_does_not_read_is_sent_a_dropped_event_and_the_counts_add_up()
    {
        await using var gateway = await servers.StartKestrelGatewayAsync(("Gateway:SendQueueCapacity", "2"), ("Gateway:SlowClientTimeout", "00:05:00"));
        using var http = gateway.CreateClient();
        var application = TestLogs.NewApplication("slow-sse");
        // A small socket receive buffer, so an unread event stream pushes back on the server soon.
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var slowHttp = new HttpClient(handler) { BaseAddress = gateway.Address, Timeout = Timeout.InfiniteTimeSpan };
        slowHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayFixture.Token);
        using var sse = await SseStream.OpenAsync(slowHttp, $"/sse/logs?application={application}");
        await WaitForAsync(async () => (await StatusAsync(http)).GetProperty("connections").GetInt32() == 1);

        var nextId = 1_000_000_000_000L + Random.Shared.Next(1_000_000) * 10_000L;
        var payload = new string('x', 1_000);
        var published = new List<long>();
        for (var i = 0; await LogsDroppedAsync(http) == 0; i++)
        {
            Assert.True(i < 3_000, "The server never dropped anything for the SSE client that does not read.");
            var batch = Enumerable.Range(0, 20).Select(n => TestLogs.Log(application, $"{payload} {n}") with { Id = nextId++ }).ToArray();
            await servers.PublishAsync(batch);
            published.AddRange(batch.Select(l => l.Id));
            await Task.Delay(5);
        }

        // Now it reads: the logs it got and the drops it was told of add up to everything published, in order.
        var received = new List<long>();
        var reportedDropped = 0L;
        while (received.Count == 0 || received[^1] != published[^1])
        {
            var next = await sse.NextAsync();
            if (next.Event == "log")
            {
                received.Add(long.Parse(next.Id!));
                continue;
            }
            Assert.Equal("dropped", next.Event);
            using var data = JsonDocument.Parse(next.Data!);
            var dropped = data.RootElement.TryGetProperty("data", out var inner) ? inner : data.RootElement;
            reportedDropped += dropped.GetProperty("count").GetInt64();
        }
        Assert.True(reportedDropped > 0);
        Assert.Equal(published.Count, received.Count + reportedDropped);
        Assert.Equal(received.Order(), received);
    }

    private static async Task<JsonElement> StatusAsync(HttpClient http)
    {
        using var status = JsonDocument.Parse(await http.GetStringAsync("/api/v1/streams/status"));
        return status.RootElement.Clone();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await condition()) await Task.Delay(20, limit.Token);
    }

    private static async Task<long> LogsDroppedAsync(HttpClient http)
    {
        using var status = JsonDocument.Parse(await http.GetStringAsync("/api/v1/streams/status"));
        return status.RootElement.GetProperty("logs_dropped").GetInt64();
    }
}
