using System.Text.Json.Serialization;

namespace Ingest.Api.Uploads;

[JsonConverter(typeof(JsonStringEnumConverter<UploadState>))]
public enum UploadState
{
    [JsonStringEnumMemberName("queued")] Queued,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("done")] Done,
    [JsonStringEnumMemberName("failed")] Failed,
}
