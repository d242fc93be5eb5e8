using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogPlatform.Contracts;

/// <summary>Writes the canonical lower-case name; reads any accepted alias.</summary>
public sealed class LogSeverityJsonConverter : JsonConverter<LogSeverity>
{
    public override LogSeverity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n) && n is >= 0 and <= 5)
        {
            return (LogSeverity)n;
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            Span<char> buffer = stackalloc char[16];
            if (reader.ValueSpan.Length <= 16 && !reader.ValueIsEscaped)
            {
                var written = System.Text.Encoding.UTF8.GetChars(reader.ValueSpan, buffer);
                if (LogSeverityNames.TryParse(buffer[..written], out var parsed)) return parsed;
            }
            else if (LogSeverityNames.TryParse(reader.GetString(), out var parsed))
            {
                return parsed;
            }
        }
        throw new JsonException($"'level' must be one of {LogSeverityNames.Accepted}.");
    }

    public override void Write(Utf8JsonWriter writer, LogSeverity value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.ToWireName());
}
