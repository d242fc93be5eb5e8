using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Ingest.Api.Formats;
using Ingest.Api.Security;

namespace Ingest.Api.Logs;

public static class LogIngestEndpoints
{
    private const string Description = """
        Accepts one JSON log, a JSON array of logs, or NDJSON (`Content-Type: application/x-ndjson`), with an API key
        (`X-Api-Key`). All or nothing: `202` means every log of the request is on the queue; any invalid log makes the
        whole request `400`, with `errors` naming each bad log's `index`, `field` and why (the bad logs go to the
        dead-letter list). Limits (defaults, see `Ingest` options): body 10 MiB (`413`), 10,000 logs (`413`), message 64 KiB,
        source/application 256 bytes, trace/span ids 128 bytes, properties 64 KiB and 16 levels deep, timestamps at most
        1 day after receipt; NUL characters (`\u0000`) are refused because PostgreSQL cannot store them.
        `timestamp`: ISO 8601 (no offset = UTC), `yyyy-MM-dd HH:mm:ss`, or Unix s/ms/µs/ns; missing = time of receipt.
        `level`: trace, debug, info, warn, error, fatal with common aliases, any case; missing = info.
        Unknown top-level fields are kept inside `properties`.
        Under back-pressure `429`, with Redis unreachable `503`, both with `Retry-After`.
        Retries: send an `Idempotency-Key` header (1-200 visible ASCII characters); repeating it within 24 h answers
        `202` with `"duplicate": true` and enqueues nothing, so a retry after a lost answer never stores logs twice.
        Optional headers `X-Log-Source` / `X-Log-Application` give the default `source` / `application`.
        Text logs: `Content-Type: text/plain`, one log per line (continuation lines such as a stack trace stay with their
        log), in the format named by `?format=` or `X-Log-Format`: `syslog` (`rfc5424`, `rfc3164`), `access` (Apache/Nginx
        common or combined), `cef`, `logfmt`, `json`, a custom format configured under `Ingest:Formats`, or `auto`
        (the default: detected per line). A line no format matches is still accepted: its raw text is the message, with
        `properties.parse_error` saying why; the answer's `formats` counts the logs per format (`unparsed` included).
        An unknown format is `400`.
        Body compression: `Content-Encoding: gzip`, `deflate` or `br` (the size limit applies after decompression).
        """;

    private const string ExampleBody = """
        [
          {"timestamp": "2025-11-11T16:00:00Z", "level": "INFO", "source": "web-01", "application": "checkout", "message": "Order 42 paid", "properties": {"order_id": 42}},
          {"level": "warning", "application": "checkout", "message": "Payment retry", "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"}
        ]
        """;

    public static IEndpointRouteBuilder MapLogIngestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Compiles the custom formats now, so a bad pattern stops the start rather than the first text request.
        _ = endpoints.ServiceProvider.GetRequiredService<TextFormatRegistry>();

        var logs = endpoints.MapGroup("")
            .WithTags("Logs")
            .AddEndpointFilter<ApiKeyFilter>();

        Configure(logs.MapPost("/logs", Ingest).WithName("IngestLogs"));
        Configure(logs.MapPost("/api/v1/logs", Ingest).WithName("IngestLogsV1"));
        return endpoints;
    }

    private static Task<IResult> Ingest(HttpContext context, LogIngestHandler handler, CancellationToken cancellationToken)
        => handler.HandleAsync(context, cancellationToken);

    private static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .WithSummary("Send logs")
        .WithDescription(Description)
        .Produces<IngestAccepted>(StatusCodes.Status202Accepted)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
        // The body is documented here rather than with Accepts<T>(), which would also make routing refuse (415)
        // clients that send no or another Content-Type (curl -d): the parser reads any body as JSON.
        .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(LogInput[]), null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "One log object, an array of them, or NDJSON.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = schema, Example = JsonNode.Parse(ExampleBody) },
                    ["application/x-ndjson"] = new() { Schema = schema },
                    ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            };
        });
}
