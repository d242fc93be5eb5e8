using System.Text.Json.Serialization;

namespace Dashboard.Web.Uploads;

/// <summary>An upload job as Ingest reports it (<c>POST /api/v1/uploads</c> and <c>GET /api/v1/uploads/{id}</c>).</summary>
public sealed record UploadProgress
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("file_name")] public string FileName { get; init; } = "";
    [JsonPropertyName("format")] public string Format { get; init; } = "";
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("state")] public string State { get; init; } = "";
    [JsonPropertyName("bytes_read")] public long BytesRead { get; init; }
    [JsonPropertyName("lines_read")] public long LinesRead { get; init; }
    [JsonPropertyName("accepted")] public long Accepted { get; init; }
    [JsonPropertyName("duplicates")] public long Duplicates { get; init; }
    [JsonPropertyName("unparsed")] public long Unparsed { get; init; }
    [JsonPropertyName("rejected")] public long Rejected { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }

    /// <summary>done or failed: nothing more will change.</summary>
    public bool IsFinished => State is "done" or "failed";

    /// <summary>Share of the file read, 0–100 (100 once done).</summary>
    public int Percent => State == "done" ? 100 : Size <= 0 ? 0 : (int)Math.Clamp(BytesRead * 100 / Size, 0, 100);
}
