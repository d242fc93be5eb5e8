using System.Net;
using System.Net.Sockets;
using Ingest.Api.Tests.Integration;

namespace Ingest.Api.Tests.Protocols;

/// <summary>The ingest on a real loopback Kestrel port, for clients that open their own connections (OTLP exporters).</summary>
public sealed class KestrelIngest : IAsyncDisposable
{
    private readonly IngestApiFactory _factory;

    /// <param name="grpc">Also serve OTLP/gRPC, on a port of its own (<see cref="GrpcPort"/>).</param>
    public KestrelIngest(string redisConnectionString, bool grpc = false)
    {
        Port = FreePort();
        GrpcPort = grpc ? FreePort() : 0;
        _factory = new IngestApiFactory(redisConnectionString,
            grpc
                ? new Dictionary<string, string?>
                {
                    ["Ingest:OtlpGrpcPort"] = GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }
                : null);
        // UseKestrel(port) sets a URL it prefers over listeners set in code (the gRPC one): listen in code instead.
        if (grpc) _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
        else _factory.UseKestrel(Port);
        _factory.StartServer();
    }

    public int Port { get; }

    public int GrpcPort { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
