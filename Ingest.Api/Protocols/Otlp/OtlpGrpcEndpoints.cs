using System.Globalization;
using System.Text;
using Ingest.Api.Security;
using Ingest.Api.Telemetry;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Protocols.Otlp;

/// <summary>
/// OTLP/gRPC logs without generated code: a unary call is an HTTP/2 POST to the method's path with <c>application/grpc</c>, one
/// length-prefixed <c>ExportLogsServiceRequest</c> (gzip allowed), answered with one <c>ExportLogsServiceResponse</c> and the
/// status in trailers. Served only on <see cref="OtlpGrpcOptions.OtlpGrpcPort"/>. Key in <c>x-api-key</c> or <c>authorization</c>.
/// </summary>
public static class OtlpGrpcEndpoints
{
    public const string ExportPath = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";
    private const string GrpcContentType = "application/grpc";
    private const int Ok = 0, InvalidArgument = 3, ResourceExhausted = 8, Unavailable = 14, Unauthenticated = 16;

    public static IEndpointRouteBuilder MapOtlpGrpcEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<OtlpGrpcOptions>>().Value;
        if (!options.Enabled) return endpoints;
        endpoints.MapPost(ExportPath, Export)
            .RequireHost($"*:{options.OtlpGrpcPort}")
            .WithTags("OpenTelemetry (OTLP)").WithName("ExportOtlpGrpcLogs").WithSummary("OTLP/gRPC LogsService/Export")
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task Export(HttpContext context, ProtocolIngest ingest, OtlpProtobufMapper protobuf, ApiKeyValidator keys,
        IngestTelemetry telemetry, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.ContentType = GrpcContentType;
        if (context.Request.ContentType?.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase) != true)
        {
            // Not a gRPC client: answer in HTTP, as gRPC servers do.
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }
        var key = ApiKeyFilter.ReadKey(context.Request);
        if (key.IsEmpty ? !keys.AllowAnonymous : !keys.IsValid(key))
        {
            telemetry.Refused(StatusCodes.Status401Unauthorized);
            Fail(response, Unauthenticated, key.IsEmpty ? "Missing API key: send it as x-api-key metadata." : "Invalid API key.");
            return;
        }

        var result = await ingest.IngestAsync(context, protobuf, OtlpNames.Protocol, cancellationToken, partial: true, OtlpGrpcFrame.ReadAsync);
        switch (result.Status)
        {
            case ProtocolStatus.Accepted or ProtocolStatus.Duplicate:
                var body = OtlpGrpcFrame.Write(OtlpResponses.ExportResponse(result.Rejected, Errors(result)));
                await response.Body.WriteAsync(body, cancellationToken);
                response.AppendTrailer("grpc-status", "0");
                break;
            case ProtocolStatus.Invalid:
                Fail(response, InvalidArgument, result.Detail ?? Errors(result) ?? "invalid OTLP");
                break;
            case ProtocolStatus.TooLarge:
                Fail(response, ResourceExhausted, result.Detail ?? "");
                break;
            case ProtocolStatus.Busy:
                // The OTLP specification retries RESOURCE_EXHAUSTED only when the status carries a RetryInfo.
                Fail(response, ResourceExhausted, result.Detail ?? "", ingest.Options.RetryAfterSeconds);
                break;
            default:
                Fail(response, Unavailable, result.Detail ?? "", ingest.Options.RetryAfterSeconds);
                break;
        }
    }

    /// <summary>A trailers-only answer: HTTP 200 with the gRPC status in the headers and no message.</summary>
    private static void Fail(HttpResponse response, int code, string message, int retryAfterSeconds = 0)
    {
        response.Headers["grpc-status"] = code.ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(message);
        if (retryAfterSeconds > 0) response.Headers["grpc-status-details-bin"] = RetryStatus(code, message, retryAfterSeconds);
    }

    /// <summary>A <c>google.rpc.Status</c> whose one detail is a <c>google.rpc.RetryInfo</c>, base64 without padding.</summary>
    private static string RetryStatus(int code, string message, int retryAfterSeconds)
    {
        var duration = Field(1, Varint((ulong)retryAfterSeconds), wireType: 0); // Duration.seconds
        var retryInfo = Field(1, Length(duration)); // RetryInfo.retry_delay
        byte[] any = [.. Field(1, Length(Encoding.UTF8.GetBytes("type.googleapis.com/google.rpc.RetryInfo"))), .. Field(2, Length(retryInfo))];
        byte[] status = [.. Field(1, Varint((ulong)code), wireType: 0), .. Field(2, Length(Encoding.UTF8.GetBytes(message))), .. Field(3, Length(any))];
        return Convert.ToBase64String(status).TrimEnd('=');

        static byte[] Field(int number, byte[] value, int wireType = 2) => [.. Varint((ulong)(number << 3 | wireType)), .. value];
        static byte[] Length(byte[] value) => [.. Varint((ulong)value.Length), .. value];
        static byte[] Varint(ulong value)
        {
            var bytes = new List<byte>();
            for (; value >= 0x80; value >>= 7) bytes.Add((byte)(value | 0x80));
            bytes.Add((byte)value);
            return [.. bytes];
        }
    }

    private static string? Errors(ProtocolResult result)
        => result.Outcome is { ErrorCount: > 0 } outcome ? string.Join("; ", outcome.Errors.Select(e => e.Error)) : null;

    /// <summary>grpc-message is percent-encoded UTF-8: printable ASCII but '%' as is, the rest as %XX.</summary>
    private static string PercentEncode(string message)
    {
        var text = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%') text.Append((char)b);
            else text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
