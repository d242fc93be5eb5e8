using System.Text.Json;
using System.Text.Json.Serialization;
using LogPlatform.Notifications.Channels;

namespace LogPlatform.Notifications.Sending;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(EmailSettings))]
internal sealed partial class NotificationsJsonContext : JsonSerializerContext;
