using Ingest.Api.Security;

namespace Ingest.Api.Protocols.Loki;

/// <summary>
/// Loki's push API, <c>POST /loki/api/v1/push</c>: snappy protobuf or JSON (gzip allowed). Answers as Loki does: 204 with no
/// body, 400 with a text body naming the stream and entry, 413, 429/503 with Retry-After.
/// </summary>
public static class LokiEndpoints
{
    public static IEndpointRouteBuilder MapLokiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("").WithTags("Grafana Loki").AddEndpointFilter<ApiKeyFilter>()
            .MapPost("/loki/api/v1/push", Ingest).WithName("IngestLokiPush").WithSummary("Loki push (snappy protobuf or JSON)")
            .WithDescription("Labels app/service_name/job → application, host/instance → source, level/detected_level/severity → level, all in "
                + "properties.labels; structured metadata in properties.metadata; a JSON or logfmt line's fields extracted into properties.");
        return endpoints;
    }

    private static async Task<IResult> Ingest(HttpContext context, ProtocolIngest ingest, LokiMapper mapper, CancellationToken cancellationToken)
    {
        var result = await ingest.IngestAsync(context, mapper, LokiMapper.Protocol, cancellationToken);
        return result.Status switch
        {
            ProtocolStatus.Accepted or ProtocolStatus.Duplicate => Results.NoContent(),
            ProtocolStatus.Invalid => Results.Text(result.Detail ?? string.Join("\n", result.Outcome!.Errors.Select(e => e.Error)),
                statusCode: StatusCodes.Status400BadRequest),
            ProtocolStatus.TooLarge => Results.Text(result.Detail, statusCode: StatusCodes.Status413PayloadTooLarge),
            ProtocolStatus.Busy => Results.Text(result.Detail, statusCode: StatusCodes.Status429TooManyRequests),
            _ => Results.Text(result.Detail, statusCode: StatusCodes.Status503ServiceUnavailable),
        };
    }
}
