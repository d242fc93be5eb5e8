using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Streaming;

[Collection(GatewayCollection.Name)]
public sealed class HeartbeatTests(GatewayFixture servers)
{
    private static readonly (string, string)[] FastHeartbeat = [("Gateway:HeartbeatInterval", "00:00:00.200"), ("Gateway:HeartbeatTimeout", "00:00:00.600")];

    /// <summary>
    /// Fast pings with a timeout a loaded 2-core machine cannot miss by accident (a pong late by a GC pause or a busy
    /// thread pool is not a dead client): what is tested is that answering keeps the connection, over several timeouts.
    /// </summary>
    private static readonly (string, string)[] FastHeartbeatRoomyTimeout = [("Gateway:HeartbeatInterval", "00:00:00.200"), ("Gateway:HeartbeatTimeout", "00:00:01.500")];

    [Fact]
    public async Task A_client_that_never_answers_pings_is_pinged_then_closed()
    {
        await using var gateway = await servers.StartKestrelGatewayAsync(FastHeartbeat);
        using var http = gateway.CreateClient();

        // A raw WebSocket client: it completes the handshake, then only reads and never answers a ping.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway.Address.Host, gateway.Address.Port);
        var stream = tcp.GetStream();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET /ws/logs?format=native&access_token={GatewayFixture.Token} HTTP/1.1\r\nHost: {gateway.Address.Authority}\r\nUpgrade: websocket\r\n" +
            $"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"));

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var head = await ReadHeadAsync(stream, limit.Token);
        Assert.StartsWith("HTTP/1.1 101", head);

        var opcodes = new List<int>();
        try
        {
            while (await ReadFrameAsync(stream, limit.Token) is { } opcode) opcodes.Add(opcode);
        }
        catch (IOException)
        {
            // reset by the server: closed as well
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            Assert.Fail($"Still open after 15 s; frames: {string.Join(',', opcodes)}");
        }

        Assert.Equal(0x1, opcodes[0]); // connection_established
        Assert.Contains(0x9, opcodes); // a ping it never answered
        await WaitForNoConnectionsAsync(http);
    }

    [Fact]
    public async Task A_client_that_answers_pings_stays_connected_well_past_the_timeout()
    {
        await using var gateway = await servers.StartKestrelGatewayAsync(FastHeartbeatRoomyTimeout);
        await using var socket = await gateway.ConnectAsync("/ws/logs?format=native");
        var hello = await socket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        Assert.Equal(0.2, hello.GetProperty("data").GetProperty("heartbeat_interval_seconds").GetDouble());

        // While a receive is pending the client answers the server's pings; after several timeouts it is still there.
        var next = socket.NextAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        await socket.SendAsync("ping");
        Assert.Equal(EnvelopeTypes.Pong, LiveSocket.Type(await next));
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0) Assert.Fail($"Closed during the handshake: {head}");
            head.Append((char)one[0]);
        }
        return head.ToString();
    }

    /// <summary>One server frame (unmasked); its opcode, or null when the server closed the connection.</summary>
    private static async Task<int?> ReadFrameAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var header = new byte[2];
        if (!await ReadExactAsync(stream, header, cancellationToken)) return null;
        long length = header[1] & 0x7F;
        if (length >= 126)
        {
            var extended = new byte[length == 126 ? 2 : 8];
            if (!await ReadExactAsync(stream, extended, cancellationToken)) return null;
            length = 0;
            foreach (var b in extended) length = (length << 8) | b;
        }
        if (!await ReadExactAsync(stream, new byte[length], cancellationToken)) return null;
        return header[0] & 0x0F;
    }

    private static async Task<bool> ReadExactAsync(NetworkStream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        for (var read = 0; read < buffer.Length;)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }

    private static async Task WaitForNoConnectionsAsync(HttpClient http)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            using var status = JsonDocument.Parse(await http.GetStringAsync("/api/v1/streams/status"));
            var connections = status.RootElement.GetProperty("connections").GetInt32();
            if (connections == 0) return;
            if (limit.IsCancellationRequested) Assert.Fail($"{connections} connection(s) still registered.");
            await Task.Delay(50);
        }
    }
}
