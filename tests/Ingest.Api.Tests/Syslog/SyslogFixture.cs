using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ingest.Api.Tests.Integration;
using StackExchange.Redis;

namespace Ingest.Api.Tests.Syslog;

/// <summary>A real Redis and an ingest host with both syslog listeners on free ports, a short idle timeout and few connections.</summary>
public sealed class SyslogFixture : IAsyncLifetime
{
    public const int MaxConnections = 3;
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    public TestRedis Redis { get; } = new();
    public IngestApiFactory Factory { get; private set; } = null!;
    public IConnectionMultiplexer Connection { get; private set; } = null!;
    public IDatabase Database => Connection.GetDatabase();
    public int TcpPort { get; private set; }
    public int UdpPort { get; private set; }

    public async Task InitializeAsync()
    {
        await Redis.StartAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        TcpPort = FreePort(SocketType.Stream, ProtocolType.Tcp);
        UdpPort = FreePort(SocketType.Dgram, ProtocolType.Udp);
        Factory = new IngestApiFactory(Redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Ingest:Syslog:TcpPort"] = TcpPort.ToString(CultureInfo.InvariantCulture),
            ["Ingest:Syslog:UdpPort"] = UdpPort.ToString(CultureInfo.InvariantCulture),
            ["Ingest:Syslog:MaxConnections"] = MaxConnections.ToString(CultureInfo.InvariantCulture),
            ["Ingest:Syslog:IdleTimeout"] = IdleTimeout.ToString(),
            ["Ingest:Syslog:MaxMessageBytes"] = "4096",
        });
        _ = Factory.Services; // starts the host, and with it the listeners
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Connection.DisposeAsync();
        await Redis.DisposeAsync();
    }

    private static int FreePort(SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class SyslogCollection : ICollectionFixture<SyslogFixture>
{
    public const string Name = "syslog listeners with redis";
}
