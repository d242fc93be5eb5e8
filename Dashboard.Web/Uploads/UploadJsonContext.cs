using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Web.Uploads;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(UploadProgress))]
internal sealed partial class UploadJsonContext : JsonSerializerContext;
