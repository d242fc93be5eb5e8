using Ingest.Api.Security;

namespace Ingest.Api.Protocols.Otlp;

/// <summary>
/// OTLP/HTTP logs: <c>POST /v1/logs</c> (where exporters post when pointed at the ingest's base URL) and
/// <c>POST /ingest/otlp/v1/logs</c>, protobuf or JSON, gzip allowed, key in <c>x-api-key</c> or <c>Authorization</c>
/// (<c>OTEL_EXPORTER_OTLP_HEADERS=x-api-key=...</c>). Answers per the OTLP specification: 200 (with <c>partial_success</c>
/// for rejected records, which are dead-lettered), 400 for a body that is not OTLP, 413, 429/503 with Retry-After.
/// </summary>
public static class OtlpEndpoints
{
    private const string Description = """
        OTLP/HTTP logs (`ExportLogsServiceRequest`) as `application/x-protobuf` or `application/json`, gzip allowed.
        `service.name` → application, `service.instance.id`/`host.name` → source, severity → level, body → message,
        attributes → `properties.attributes`, resource attributes → `properties.resource`, scope → `properties.scope`.
        """;

    public static IEndpointRouteBuilder MapOtlpEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var otlp = endpoints.MapGroup("").WithTags("OpenTelemetry (OTLP)").AddEndpointFilter<ApiKeyFilter>();
        otlp.MapPost("/v1/logs", Ingest).WithName("IngestOtlpLogs").WithSummary("OTLP/HTTP logs").WithDescription(Description);
        otlp.MapPost("/ingest/otlp/v1/logs", Ingest).WithName("IngestOtlpLogsPrefixed").WithSummary("OTLP/HTTP logs").WithDescription(Description);
        return endpoints;
    }

    private static async Task<IResult> Ingest(HttpContext context, ProtocolIngest ingest, OtlpProtobufMapper protobuf, OtlpJsonMapper json,
        CancellationToken cancellationToken)
    {
        var isJson = context.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        var result = await ingest.IngestAsync(context, isJson ? json : protobuf, OtlpNames.Protocol, cancellationToken, partial: true);
        return result.Status switch
        {
            ProtocolStatus.Accepted or ProtocolStatus.Duplicate => OtlpResponses.Success(isJson, result.Rejected, Errors(result)),
            ProtocolStatus.Invalid => OtlpResponses.Failure(isJson, StatusCodes.Status400BadRequest, result.Detail ?? Errors(result) ?? "invalid OTLP"),
            ProtocolStatus.TooLarge => OtlpResponses.Failure(isJson, StatusCodes.Status413PayloadTooLarge, result.Detail ?? ""),
            ProtocolStatus.Busy => OtlpResponses.Failure(isJson, StatusCodes.Status429TooManyRequests, result.Detail ?? ""),
            _ => OtlpResponses.Failure(isJson, StatusCodes.Status503ServiceUnavailable, result.Detail ?? ""),
        };
    }

    private static string? Errors(ProtocolResult result)
        => result.Outcome is { ErrorCount: > 0 } outcome ? string.Join("; ", outcome.Errors.Select(e => e.Error)) : null;
}
