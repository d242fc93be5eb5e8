using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Protocols.Otlp;

/// <summary>
/// Listens on the OTLP/gRPC port with HTTP/2 only (cleartext gRPC is HTTP/2 with prior knowledge). A listener set in code makes
/// Kestrel ignore the URLs (<c>ASPNETCORE_URLS</c>, <c>HTTP_PORTS</c>), so those are listened on here too, except the gRPC port
/// when the AppHost lists it among them.
/// </summary>
public sealed class OtlpGrpcKestrelSetup(IOptions<OtlpGrpcOptions> options, IConfiguration configuration) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        var grpc = options.Value;
        if (!grpc.Enabled) return;
        kestrel.Listen(IPAddress.Parse(grpc.OtlpGrpcBindAddress), grpc.OtlpGrpcPort, listen => listen.Protocols = HttpProtocols.Http2);

        if (configuration["urls"] is { Length: > 0 } urls)
        {
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var address = BindingAddress.Parse(url);
                if (address.Port == grpc.OtlpGrpcPort || address.Scheme != "http") continue;
                if (address.Host is "localhost") kestrel.ListenLocalhost(address.Port);
                else if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip)) kestrel.Listen(ip, address.Port);
                else kestrel.ListenAnyIP(address.Port); // *, +, a host name
            }
        }
        else if (configuration["http_ports"] is { Length: > 0 } ports)
        {
            foreach (var port in ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var number = int.Parse(port, CultureInfo.InvariantCulture);
                if (number != grpc.OtlpGrpcPort) kestrel.ListenAnyIP(number);
            }
        }
    }
}
