using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Protocols.Otlp;

/// <summary>
/// <c>Ingest:OtlpGrpcPort</c> and <c>Ingest:OtlpGrpcBindAddress</c>: OTLP/gRPC on its own HTTP/2-cleartext port, off unless a port
/// is set. Validated at start.
/// </summary>
public sealed class OtlpGrpcOptions
{
    public const string SectionName = IngestOptions.SectionName;

    /// <summary>The port serving <c>LogsService/Export</c> (HTTP/2 without TLS, as exporters send to 4317); 0 = off.</summary>
    [Range(0, 65535)]
    public int OtlpGrpcPort { get; set; }

    /// <summary>The address the port binds; loopback by default like the syslog listeners, the network an operator's choice.</summary>
    [Required]
    public string OtlpGrpcBindAddress { get; set; } = "127.0.0.1";

    public bool Enabled => OtlpGrpcPort > 0;
}

public sealed class OtlpGrpcOptionsValidator : IValidateOptions<OtlpGrpcOptions>
{
    public ValidateOptionsResult Validate(string? name, OtlpGrpcOptions options)
        => IPAddress.TryParse(options.OtlpGrpcBindAddress, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{OtlpGrpcOptions.SectionName}:OtlpGrpcBindAddress '{options.OtlpGrpcBindAddress}' is not an IP address.");
}
