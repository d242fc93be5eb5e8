using System.Net;
using System.Net.Sockets;
using Ingest.Api.Tests.Integration;

namespace Ingest.Api.Tests.Protocols;

/// <summary>The ingest on a real loopback Kestrel port, for clients that open their own connections (OTLP exporters).</summary>
public sealed class KestrelIngest : IAsyncDisposable
{
    private readonly IngestApiFactory _factory;

    public KestrelIngest(string redisConnectionString)
    {
        Port = FreePort();
        _factory = new IngestApiFactory(redisConnectionString);
        _factory.UseKestrel(Port);
        _factory.StartServer();
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
