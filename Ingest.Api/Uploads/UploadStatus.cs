using System.Text.Json;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Ingest.Api.Uploads;

/// <summary>The answer of <c>POST /api/v1/uploads</c> (202) and <c>GET /api/v1/uploads/{id}</c>: an upload job's progress.</summary>
public sealed record UploadStatus(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("file_name")] string FileName,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("size"), Description("Bytes uploaded (compressed, for a gzip file).")] long Size,
    [property: JsonPropertyName("sha256"), Description("Hash of the uploaded bytes: the same file is not stored twice.")] string Sha256,
    [property: JsonPropertyName("state"), Description("queued, running, done or failed.")] UploadState State,
    [property: JsonPropertyName("bytes_read"), Description("Bytes of the uploaded file read so far (of size).")] long BytesRead,
    [property: JsonPropertyName("lines_read")] long LinesRead,
    [property: JsonPropertyName("accepted"), Description("Logs enqueued (events: a multi-line event is one log), unparsed included.")] long Accepted,
    [property: JsonPropertyName("duplicates"), Description("Logs not enqueued because an earlier upload of the same file already did.")] long Duplicates,
    [property: JsonPropertyName("unparsed"), Description("Of accepted: lines no format matched, stored raw with parse_error.")] long Unparsed,
    [property: JsonPropertyName("rejected"), Description("Logs parsed but not enqueued because the job failed.")] long Rejected,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("finished_at"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? FinishedAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(UploadStatus))]
public sealed partial class UploadJsonContext : JsonSerializerContext;
