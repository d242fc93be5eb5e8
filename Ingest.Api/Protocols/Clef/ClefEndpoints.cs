using System.Text;
using System.Text.Json;
using Ingest.Api.Security;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Protocols.Clef;

/// <summary>
/// Seq's ingestion API, so Serilog.Sinks.Seq and other Seq clients log here unchanged: <c>POST /api/events/raw</c> and
/// <c>POST /ingest/clef</c>. Answers as Seq does: 201 <c>{"MinimumLevelAccepted":null}</c>, 400 <c>{"Error":...}</c> naming
/// the bad line, 401 without a valid key, 413 over the limits, 429/503 with Retry-After (the sink retries those).
/// </summary>
public static class ClefEndpoints
{
    private const string Description = """
        Newline-delimited CLEF events (`Content-Type: application/vnd.serilog.clef`) or one JSON event, gzip allowed, with the
        API key in `X-Seq-ApiKey`, `?apiKey=`, `X-Api-Key` or `Authorization`. `@t`, `@l`, `@mt` (rendered as Serilog does, kept
        as `properties.message_template`), `@m`, `@x` (`properties.exception`), `@i` (`properties.event_id`), `@r`, `@tr`/`@sp`
        (trace); other keys are properties, `Application` and `MachineName` also the application and source. All or nothing.
        """;

    public static IEndpointRouteBuilder MapClefEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var clef = endpoints.MapGroup("").WithTags("Seq (CLEF)").AddEndpointFilter<ApiKeyFilter>();
        clef.MapPost("/api/events/raw", Ingest).WithName("IngestSeqRaw").WithSummary("Seq raw events (CLEF)").WithDescription(Description);
        clef.MapPost("/ingest/clef", Ingest).WithName("IngestClef").WithSummary("CLEF events").WithDescription(Description);
        return endpoints;
    }

    private static async Task<IResult> Ingest(HttpContext context, ProtocolIngest ingest, ClefMapper mapper, IOptions<ClefOptions> options,
        CancellationToken cancellationToken)
    {
        var result = await ingest.IngestAsync(context, mapper, ClefMapper.Protocol, cancellationToken);
        return result.Status switch
        {
            ProtocolStatus.Accepted or ProtocolStatus.Duplicate => Answer(StatusCodes.Status201Created, "MinimumLevelAccepted",
                options.Value.MinimumLevelFor(ApiKeyFilter.ReadKey(context.Request))),
            ProtocolStatus.Invalid => Answer(StatusCodes.Status400BadRequest, "Error", result.Detail ?? Describe(result)),
            ProtocolStatus.TooLarge => Answer(StatusCodes.Status413PayloadTooLarge, "Error", result.Detail),
            ProtocolStatus.Busy => Answer(StatusCodes.Status429TooManyRequests, "Error", result.Detail),
            _ => Answer(StatusCodes.Status503ServiceUnavailable, "Error", result.Detail),
        };
    }

    private static string Describe(ProtocolResult result)
    {
        var outcome = result.Outcome!;
        var errors = string.Join("; ", outcome.Errors.Select(e => e.Error));
        return outcome.ErrorCount > outcome.Errors.Count
            ? $"Invalid CLEF, nothing was accepted: {errors} (and {outcome.ErrorCount - outcome.Errors.Count} more)"
            : $"Invalid CLEF, nothing was accepted: {errors}";
    }

    /// <summary>Seq's answer shape: one member, PascalCase.</summary>
    private static IResult Answer(int statusCode, string name, string? value)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (value is null) json.WriteNull(name);
            else json.WriteString(name, value);
            json.WriteEndObject();
        }
        return Results.Text(Encoding.UTF8.GetString(buffer.ToArray()), "application/json", Encoding.UTF8, statusCode);
    }
}
