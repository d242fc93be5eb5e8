using Ingest.Api.Security;

namespace Ingest.Api.Uploads;

public static class UploadEndpoints
{
    private const string Description = """
        Uploads a log file (multipart/form-data: `file`, optional `format` (as for text logs; default `auto`), `source`
        (default: the file's name) and `application`). A `.gz` file, a part of type `application/gzip` or a gzip body is
        decompressed. The file is ingested in the background in batches; `202` answers the job, whose progress
        `GET /api/v1/uploads/{id}` reports. Up to 1 GiB (`Ingest:Uploads:MaxBytes`), in bounded memory. Uploading the
        same file again (same bytes, same format) stores nothing twice: each batch's idempotency key is the file's
        SHA-256, the format and the batch's number. Jobs live in memory (100, kept 1 h after they finish).
        """;

    public static IEndpointRouteBuilder MapUploadEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var uploads = endpoints.MapGroup("/api/v1/uploads")
            .WithTags("Uploads")
            .AddEndpointFilter<ApiKeyFilter>();

        uploads.MapPost("", (HttpContext context, UploadHandler handler, CancellationToken cancellationToken) => handler.UploadAsync(context, cancellationToken))
            .WithName("UploadLogFile")
            .WithSummary("Upload a log file")
            .WithDescription(Description)
            .DisableAntiforgery()
            .Produces<UploadStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        uploads.MapGet("/{id}", (string id, UploadHandler handler) => handler.Status(id))
            .WithName("GetUpload")
            .WithSummary("An upload's progress")
            .WithDescription("Bytes and lines read, logs accepted, duplicates (already stored by an earlier upload), unparsed, rejected, and done or failed with the error.")
            .Produces<UploadStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }
}
