using System.Text.Json;
using LogPlatform.Contracts;

namespace Realtime.Gateway.Compatibility;

/// <summary>
/// A log as one flat object (<c>id</c>, <c>timestamp</c>, <c>level</c>, <c>source</c>, <c>application</c>, <c>message</c>,
/// <c>metadata</c>), the shape most foreign clients read; the families differ in the level's case and a few extra fields.
/// </summary>
public static class BareLogWriter
{
    private static readonly JsonEncodedText[] UpperLevels = Levels(upper: true);
    private static readonly JsonEncodedText[] LowerLevels = Levels(upper: false);

    public static JsonEncodedText Level(LogSeverity level, bool upper) => (upper ? UpperLevels : LowerLevels)[(int)level];

    /// <summary>Writes the common fields; the caller opens and closes the object, so it can add its own.</summary>
    public static void WriteFields(Utf8JsonWriter json, LogEvent log, bool upperLevel)
    {
        json.WriteNumber("id"u8, log.Id);
        json.WriteString("timestamp"u8, log.Timestamp);
        json.WriteString("level"u8, Level(log.Level, upperLevel));
        json.WriteString("source"u8, log.Source);
        json.WriteString("application"u8, log.Application);
        json.WriteString("message"u8, log.Message);
        json.WritePropertyName("metadata"u8);
        if (log.Properties is { ValueKind: JsonValueKind.Object } properties) properties.WriteTo(json);
        else
        {
            json.WriteStartObject();
            json.WriteEndObject();
        }
    }

    /// <summary>
    /// A property of the log as text (a job run's id may have been sent as a number), or null when it has none. Only
    /// scalar values: an object or array is not an identifier.
    /// </summary>
    public static string? Property(LogEvent log, string name)
    {
        if (log.Properties is not { ValueKind: JsonValueKind.Object } properties || !properties.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
    }

    /// <summary>
    /// The gateway's own notice, shaped as a log, for clients that read every message as one: logs were dropped because
    /// this client reads too slowly (or, on resume, more were missed than the history limit allows).
    /// </summary>
    public static LogEvent DroppedNotice(long count, long? total, string? reason, DateTimeOffset now) => new()
    {
        Timestamp = now,
        ReceivedAt = now,
        Level = LogSeverity.Warn,
        Source = "gateway",
        Application = "logplatform",
        Message = reason == "history_limit"
            ? $"{count} logs since your last one are older than the history limit and were not sent."
            : $"{count} logs were dropped for this connection: it reads more slowly than logs arrive.",
        Properties = JsonSerializer.SerializeToElement(
            new Dictionary<string, long> { ["dropped"] = count, ["dropped_total"] = total ?? count }, CompatibilityJsonContext.Default.DictionaryStringInt64),
    };

    private static JsonEncodedText[] Levels(bool upper) => Enum.GetValues<LogSeverity>()
        .Select(level => JsonEncodedText.Encode(upper ? level.ToWireName().ToUpperInvariant() : level.ToWireName())).ToArray();
}
