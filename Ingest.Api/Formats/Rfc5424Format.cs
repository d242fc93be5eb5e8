namespace Ingest.Api.Formats;

/// <summary>
/// Syslog RFC 5424: <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD-ID param="value"...] MSG</c>.
/// Hostname → source, app-name → application, procid → <c>pid</c>, msgid → <c>msgid</c>, each structured-data
/// parameter → <c>sd.&lt;id&gt;.&lt;param&gt;</c> (an element without parameters → <c>sd.&lt;id&gt;: true</c>).
/// </summary>
public sealed class Rfc5424Format() : LineFormat(FormatName)
{
    public const string FormatName = "rfc5424";

    private static ReadOnlySpan<byte> Nil => "-"u8;
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>True when the line starts with a PRI and version 1, so <see cref="TryParse"/> applies.</summary>
    public static bool Recognises(ReadOnlySpan<byte> line)
    {
        var i = SyslogPriority.TryRead(line, out _);
        return i > 0 && i + 1 < line.Length && line[i] == (byte)'1' && line[i + 1] == (byte)' ';
    }

    public override bool TryParse(ReadOnlySpan<byte> line, DateTimeOffset receivedAt, TextLogRecord record)
    {
        var i = SyslogPriority.TryRead(line, out var priority);
        if (i < 0) return record.Fail("rfc5424: expected <PRI> (0..191) at the start");
        if (i + 1 >= line.Length || line[i] != (byte)'1' || line[i + 1] != (byte)' ') return record.Fail("rfc5424: expected version 1 after <PRI>");
        SyslogPriority.Apply(priority, record);
        i += 2;

        if (!NextField(line, ref i, out var timestamp)) return record.Fail("rfc5424: the header ends before the hostname");
        if (!timestamp.SequenceEqual(Nil))
        {
            if (!TextTimestamps.TryParseIso(timestamp, out var value)) return record.Fail("rfc5424: the timestamp is not RFC 3339");
            record.Timestamp = value;
        }
        var start = i;
        if (!NextField(line, ref i, out var host)) return record.Fail("rfc5424: the header ends before the app-name");
        if (!host.SequenceEqual(Nil)) record.Source = new TextSpan(start, host.Length);
        start = i;
        if (!NextField(line, ref i, out var app)) return record.Fail("rfc5424: the header ends before the procid");
        if (!app.SequenceEqual(Nil)) record.Application = new TextSpan(start, app.Length);
        start = i;
        if (!NextField(line, ref i, out var procId)) return record.Fail("rfc5424: the header ends before the msgid");
        if (!procId.SequenceEqual(Nil)) record.AddNumberOrString(TextFieldNames.Pid, line, new TextSpan(start, procId.Length));
        start = i;
        var msgIdEnd = Utf8Text.NextSpace(line, i);
        if (msgIdEnd >= line.Length) return record.Fail("rfc5424: the header ends before the structured data");
        if (!line[start..msgIdEnd].SequenceEqual(Nil)) record.Add(TextFieldNames.MsgId, new TextSpan(start, msgIdEnd - start));
        i = msgIdEnd + 1;

        if (line[i] == (byte)'-') i++;
        else if (line[i] == (byte)'[')
        {
            if (!ReadStructuredData(line, ref i, record)) return false;
        }
        else return record.Fail("rfc5424: expected structured data ('-' or '[')");

        if (i < line.Length)
        {
            if (line[i] != (byte)' ') return record.Fail("rfc5424: expected a space after the structured data");
            i++;
            if (line[i..].StartsWith(Bom)) i += 3;
        }
        record.Message = new TextSpan(i, Utf8Text.TrimEndLength(line, i, line.Length));
        return true;
    }

    /// <summary>A space-terminated header field; false when no space follows.</summary>
    private static bool NextField(ReadOnlySpan<byte> line, ref int i, out ReadOnlySpan<byte> field)
    {
        var end = Utf8Text.NextSpace(line, i);
        field = line[i..end];
        if (end >= line.Length || field.IsEmpty) return false;
        i = end + 1;
        return true;
    }

    /// <summary><c>[id p="v" ...][id2 ...]</c>; values escape <c>"</c>, <c>\</c> and <c>]</c> with a backslash.</summary>
    private static bool ReadStructuredData(ReadOnlySpan<byte> line, ref int i, TextLogRecord record)
    {
        while (i < line.Length && line[i] == (byte)'[')
        {
            i++;
            var idStart = i;
            while (i < line.Length && line[i] is not ((byte)' ' or (byte)']' or (byte)'=' or (byte)'"')) i++;
            if (i == idStart || i >= line.Length) return record.Fail("rfc5424: a structured-data element has no SD-ID");
            var id = line[idStart..i];
            var hasParams = false;
            while (i < line.Length && line[i] == (byte)' ')
            {
                i++;
                var nameStart = i;
                while (i < line.Length && line[i] is not ((byte)'=' or (byte)' ' or (byte)']' or (byte)'"')) i++;
                if (i == nameStart || i + 1 >= line.Length || line[i] != (byte)'=' || line[i + 1] != (byte)'"')
                    return record.Fail("rfc5424: a structured-data parameter is not name=\"value\"");
                var name = record.Compose("sd."u8, id, [(byte)'.']);
                name = ComposeName(record, name, line[nameStart..i]);
                i += 2;
                if (!ReadQuoted(line, ref i, record, out var value)) return record.Fail("rfc5424: a structured-data value has no closing quote");
                record.Add(name, value);
                hasParams = true;
            }
            if (i >= line.Length || line[i] != (byte)']') return record.Fail("rfc5424: a structured-data element has no closing ']'");
            i++;
            if (!hasParams) record.Add(record.Compose("sd."u8, id, default), TextPropertyKind.True);
        }
        return true;
    }

    private static TextSpan ComposeName(TextLogRecord record, TextSpan prefix, ReadOnlySpan<byte> name)
    {
        // The prefix is the last thing in scratch: extend it in place.
        name.CopyTo(record.GetScratch(name.Length));
        record.CommitScratch(name.Length);
        return prefix with { Length = prefix.Length + name.Length };
    }

    /// <summary>From after the opening quote to the closing one; unescapes into scratch only when there is a backslash.</summary>
    internal static bool ReadQuoted(ReadOnlySpan<byte> line, ref int i, TextLogRecord record, out TextSpan value)
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
        var written = 0;
        for (var j = 0; j < rest.Length; j++)
        {
            var b = rest[j];
            if (b == (byte)'"')
            {
                value = record.CommitScratch(written);
                i = start + j + 1;
                return true;
            }
            if (b == (byte)'\\' && j + 1 < rest.Length && rest[j + 1] is (byte)'"' or (byte)'\\' or (byte)']') b = rest[++j];
            target[written++] = b;
        }
        value = default;
        return false;
    }
}
