using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ingest.Api.Tests.Integration;
using LogPlatform.Contracts;

namespace Ingest.Api.Tests.Syslog;

/// <summary>
/// A second ingest host on the collection's Redis with a high-water mark of 1: while the stream holds more, TCP stops
/// reading (the sender blocks, nothing is lost) and UDP drops and counts; once the backlog is gone both flow again.
/// </summary>
[Collection(SyslogCollection.Name)]
public sealed class SyslogBackPressureTests(SyslogFixture fixture)
{
    private async Task<long> Counter(string key) => (long?)await fixture.Database.StringGetAsync(key) ?? 0;

    [Fact]
    public async Task Over_the_high_water_mark_tcp_stops_reading_and_udp_drops_and_counts_then_both_resume()
    {
        var tcpPort = FreePort(SocketType.Stream, ProtocolType.Tcp);
        var udpPort = FreePort(SocketType.Dgram, ProtocolType.Udp);
        await fixture.Database.StreamAddAsync(RedisNames.IngestStream, StreamEntryFields.Payload, "[]");
        await fixture.Database.StreamAddAsync(RedisNames.IngestStream, StreamEntryFields.Payload, "[]");
        await using var factory = new IngestApiFactory(fixture.Redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Ingest:HighWaterMark"] = "1",
            ["Ingest:Syslog:TcpPort"] = tcpPort.ToString(CultureInfo.InvariantCulture),
            ["Ingest:Syslog:UdpPort"] = udpPort.ToString(CultureInfo.InvariantCulture),
        });
        _ = factory.Services;
        await Task.Delay(500); // a backlog sample or more
        var droppedBefore = await Counter(RedisNames.Counters.SyslogDropped);
        var acceptedBefore = await Counter(RedisNames.Counters.Accepted);

        using var udp = new UdpClient();
        for (var i = 0; i < 5; i++) await udp.SendAsync(Encoding.UTF8.GetBytes($"<13>Jun 14 15:16:01 h bp: dropped {i}"), new IPEndPoint(IPAddress.Loopback, udpPort));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, tcpPort);
        const int Lines = 200_000; // ~9 MB: more than the loopback socket buffers hold
        var text = new StringBuilder();
        for (var i = 0; i < Lines; i++) text.Append("<13>Jun 14 15:16:01 h bp: held back ").Append(i).Append('\n');
        var write = tcp.GetStream().WriteAsync(Encoding.UTF8.GetBytes(text.ToString())).AsTask();
        var blocked = await Task.WhenAny(write, Task.Delay(TimeSpan.FromSeconds(2))) != write;
        var dropped = await Eventually.GetAsync(async () => await Counter(RedisNames.Counters.SyslogDropped) - droppedBefore, d => d >= 5);
        var acceptedWhileHeld = await Counter(RedisNames.Counters.Accepted) - acceptedBefore;

        // Workers that keep up: the stream is emptied as fast as it fills.
        using var stopWorkers = new CancellationTokenSource();
        var workers = Task.Run(async () =>
        {
            while (!stopWorkers.IsCancellationRequested)
            {
                await fixture.Database.StreamTrimAsync(RedisNames.IngestStream, 0);
                await Task.Delay(20);
            }
        });
        await write.WaitAsync(TimeSpan.FromSeconds(60));
        tcp.Close();
        var accepted = await Eventually.GetAsync(async () => await Counter(RedisNames.Counters.Accepted) - acceptedBefore, a => a >= Lines,
            TimeSpan.FromSeconds(60));
        await stopWorkers.CancelAsync();
        await workers;

        Assert.True(blocked, "the sender was not blocked: ingest kept reading over the high-water mark");
        Assert.Equal(0, acceptedWhileHeld);
        Assert.Equal(5, dropped);
        Assert.Equal(Lines, accepted);
    }

    private static int FreePort(SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
