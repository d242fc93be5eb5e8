using System.Text;
using System.Text.Json;
using LogPlatform.Contracts;

namespace Ingest.Api.Parsing;

/// <summary>A log's level from a JSON value: a name or alias in any case (<see cref="LogSeverityNames"/>), or 0..5.</summary>
public static class LevelParser
{
    public static readonly string Error = $"must be one of {LogSeverityNames.Accepted}, or 0..5";

    public static bool TryRead(ref Utf8JsonReader reader, out LogSeverity level)
    {
        level = LogSeverity.Info;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt32(out var n) && n is >= 0 and <= 5)
                {
                    level = (LogSeverity)n;
                    return true;
                }
                return false;
            case JsonTokenType.String:
                var raw = reader.ValueSpan;
                if (raw.Length > 32) return false;
                Span<byte> bytes = stackalloc byte[32];
                var length = reader.ValueIsEscaped ? reader.CopyString(bytes) : CopyTo(raw, bytes);
                Span<char> chars = stackalloc char[32];
                if (!Ascii.IsValid(bytes[..length])) return false;
                var written = Encoding.ASCII.GetChars(bytes[..length], chars);
                return LogSeverityNames.TryParse(chars[..written], out level);
            default:
                return false;
        }

        static int CopyTo(ReadOnlySpan<byte> source, Span<byte> target)
        {
            source.CopyTo(target);
            return source.Length;
        }
    }
}
