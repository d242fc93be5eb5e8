using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogPlatform.Contracts;

/// <summary>Source-generated serialisation for the contract types (hot paths, trimming-safe).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LogEvent))]
[JsonSerializable(typeof(LogEvent[]))]
[JsonSerializable(typeof(List<LogEvent>))]
[JsonSerializable(typeof(LiveStats))]
[JsonSerializable(typeof(SystemAlert))]
[JsonSerializable(typeof(Anomaly))]
[JsonSerializable(typeof(AlertNotice))]
[JsonSerializable(typeof(NotificationDelivery))]
[JsonSerializable(typeof(Envelope<LogEvent[]>))]
[JsonSerializable(typeof(Envelope<LiveStats>))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
