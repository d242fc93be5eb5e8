using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Compatibility;

/// <summary>
/// The log aggregator's web page: <c>new WebSocket('ws://host/ws/logs')</c> (plus our token), <c>JSON.parse(event.data)</c>
/// as one log per message, and <c>ws.send('ping')</c> answered by <c>pong</c>.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class LogAggregatorClientTests(GatewayFixture servers)
{
    [Fact]
    public async Task Each_log_arrives_as_one_bare_object_and_a_plain_ping_gets_a_plain_pong()
    {
        await using var gateway = await servers.StartKestrelGatewayAsync(); // a real ClientWebSocket over a real socket
        await using var socket = await gateway.ConnectAsync("/ws/logs");
        await socket.SendAsync("ping");
        Assert.Equal("pong", await socket.NextTextAsync()); // the first message: no greeting before it

        var application = TestLogs.NewApplication("seed0");
        var stored = await servers.StoreAndPublishAsync(
            TestLogs.Log(application, "Hello WebSocket!", source: "test", properties: """{"user_id":123}"""),
            TestLogs.Log(application, "Request processed", LogSeverity.Error, source: "web-server"));

        var first = await socket.UntilAsync(m => m.TryGetProperty("application", out var a) && a.GetString() == application);
        var second = await socket.NextAsync();
        Assert.Equal(["id", "timestamp", "level", "source", "application", "message", "metadata"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(stored[0].Id, first.GetProperty("id").GetInt64());
        Assert.Equal("INFO", first.GetProperty("level").GetString());
        Assert.Equal("test", first.GetProperty("source").GetString());
        Assert.Equal("Hello WebSocket!", first.GetProperty("message").GetString());
        Assert.Equal(123, first.GetProperty("metadata").GetProperty("user_id").GetInt32());
        Assert.Equal(stored[0].Timestamp, first.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal(stored[1].Id, second.GetProperty("id").GetInt64());
        Assert.Equal("ERROR", second.GetProperty("level").GetString());
        Assert.Equal(JsonValueKind.Object, second.GetProperty("metadata").ValueKind);
        Assert.False(second.TryGetProperty("type", out _));
    }

    [Fact]
    public async Task Our_own_clients_ask_for_the_batched_envelopes_on_the_same_path()
    {
        var application = TestLogs.NewApplication("seed0n");
        await using var native = await GatewayFixture.ConnectAsync(servers.Gateway, $"/ws/logs?format=native&application={application}");
        await native.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        var stored = await servers.StoreAndPublishAsync(TestLogs.Many(application, 3));
        Assert.Equal(stored.Select(l => l.Id), (await native.LogsUntilAsync(l => l.Id == stored[^1].Id)).Select(l => l.Id));

        using var http = GatewayFixture.CreateClient(servers.Gateway);
        var unknown = await http.GetAsync("/ws/logs?format=nope");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("native", await unknown.Content.ReadAsStringAsync());
    }
}
