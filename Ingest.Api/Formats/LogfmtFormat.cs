using System.Text;
using LogPlatform.Contracts;

namespace Ingest.Api.Formats;

/// <summary>
/// logfmt: <c>key=value key="quoted \"value\"" flag</c>. <c>level</c>/<c>lvl</c>/<c>severity</c>, <c>msg</c>/<c>message</c>,
/// <c>time</c>/<c>ts</c>/<c>timestamp</c>, <c>source</c> and <c>app</c>/<c>application</c> are the log's own fields; the
/// rest become properties (a bare key is <c>true</c>). Without <c>msg</c> the message is the whole line. A level or time
/// that cannot be read stays a property.
/// </summary>
public sealed class LogfmtFormat() : LineFormat(FormatName)
{
    public const string FormatName = "logfmt";

    private enum Field : byte { Property, Level, Message, Time, Source, Application }

    public override bool TryParse(ReadOnlySpan<byte> line, DateTimeOffset receivedAt, TextLogRecord record)
    {
        var pairs = 0;
        var i = 0;
        while (true)
        {
            while (i < line.Length && line[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
            if (i >= line.Length) break;
            var keyStart = i;
            while (i < line.Length && line[i] > (byte)' ' && line[i] is not ((byte)'=' or (byte)'"')) i++;
            if (i == keyStart) return record.Fail("logfmt: expected a key, found '\"' or '='");
            var key = new TextSpan(keyStart, i - keyStart);
            if (i >= line.Length || line[i] != (byte)'=')
            {
                if (pairs == 0) return record.Fail("logfmt: expected key=value at the start");
                record.Add(key, TextPropertyKind.True);
                continue;
            }
            i++;
            TextSpan value;
            if (i < line.Length && line[i] == (byte)'"')
            {
                i++;
                if (!ReadQuoted(line, ref i, record, out value)) return record.Fail("logfmt: a quoted value has no closing quote");
            }
            else
            {
                var start = i;
                while (i < line.Length && line[i] > (byte)' ') i++;
                value = new TextSpan(start, i - start);
            }
            pairs++;
            Assign(line, key, value, record);
        }
        if (pairs == 0) return record.Fail("logfmt: no key=value pairs");
        if (!record.Message.IsPresent) record.Message = new TextSpan(0, Utf8Text.TrimEndLength(line, 0, line.Length));
        return true;
    }

    private static void Assign(ReadOnlySpan<byte> line, TextSpan key, TextSpan value, TextLogRecord record)
    {
        var name = line.Slice(key.Start, key.Length);
        var text = record.Resolve(line, value);
        switch (Classify(name))
        {
            case Field.Level when TryLevel(text, out var level):
                record.Level = level;
                return;
            case Field.Message when !record.Message.IsPresent:
                record.Message = value;
                return;
            case Field.Time when TextTimestamps.TryParseAny(text, out var timestamp):
                record.Timestamp = timestamp;
                return;
            case Field.Source when value.Length > 0:
                record.Source = value;
                return;
            case Field.Application when value.Length > 0:
                record.Application = value;
                return;
            default:
                record.Add(key, value);
                return;
        }
    }

    private static Field Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when name.SequenceEqual("ts"u8) => Field.Time,
        3 when name.SequenceEqual("lvl"u8) => Field.Level,
        3 when name.SequenceEqual("msg"u8) => Field.Message,
        3 when name.SequenceEqual("app"u8) => Field.Application,
        4 when name.SequenceEqual("time"u8) => Field.Time,
        5 when name.SequenceEqual("level"u8) => Field.Level,
        6 when name.SequenceEqual("source"u8) => Field.Source,
        7 when name.SequenceEqual("message"u8) => Field.Message,
        8 when name.SequenceEqual("severity"u8) => Field.Level,
        9 when name.SequenceEqual("timestamp"u8) => Field.Time,
        11 when name.SequenceEqual("application"u8) => Field.Application,
        _ => Field.Property,
    };

    internal static bool TryLevel(ReadOnlySpan<byte> text, out LogSeverity level)
    {
        level = LogSeverity.Info;
        if (text.Length is 0 or > 16 || !Ascii.IsValid(text)) return false;
        Span<char> chars = stackalloc char[16];
        var written = Encoding.ASCII.GetChars(text, chars);
        return LogSeverityNames.TryParse(chars[..written], out level);
    }

    /// <summary>Go's strconv quoting: <c>\"</c>, <c>\\</c>, <c>\n</c>, <c>\t</c>, <c>\r</c>; unescaped into scratch only when needed.</summary>
    private static bool ReadQuoted(ReadOnlySpan<byte> line, ref int i, TextLogRecord record, out TextSpan value)
    {
        var start = i;
        var rest = line[i..];
        var end = rest.IndexOfAny((byte)'"', (byte)'\\');
        if (end < 0) { value = default; return false; }
        if (rest[end] == (byte)'"')
        {
            value = new TextSpan(start, end);
            i = start + end + 1;
            return true;
        }
        var target = record.GetScratch(rest.Length);
        rest[..end].CopyTo(target);
        var written = end;
        for (var j = end; j < rest.Length; j++)
        {
            var b = rest[j];
            if (b == (byte)'"')
            {
                value = record.CommitScratch(written);
                i = start + j + 1;
                return true;
            }
            if (b == (byte)'\\' && j + 1 < rest.Length)
            {
                b = rest[++j] switch
                {
                    (byte)'n' => (byte)'\n',
                    (byte)'t' => (byte)'\t',
                    (byte)'r' => (byte)'\r',
                    var other => other,
                };
            }
            target[written++] = b;
        }
        value = default;
        return false;
    }
}
