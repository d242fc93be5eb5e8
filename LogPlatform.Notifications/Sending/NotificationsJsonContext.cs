using System.Text.Json.Serialization;

namespace LogPlatform.Notifications.Sending;

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class NotificationsJsonContext : JsonSerializerContext;
