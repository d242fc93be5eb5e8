using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LogPlatform.Contracts;
using Ingest.Api.Parsing;

namespace Ingest.Api.Formats;

/// <summary>
/// A named custom format (<see cref="CustomFormatOptions"/>), compiled once at start, matched on the first line of an
/// event (continuation lines extend the message). A match that takes longer than the timeout is a parse failure,
/// never a hang. Regex needs the line as a string, so this format allocates per line, unlike the built-in ones.
/// </summary>
public sealed class RegexLineFormat : LineFormat
{
    private const RegexOptions Options = RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    private static readonly HashSet<string> FieldGroups = ["timestamp", "level", "source", "application", "message"];

    private readonly Regex _regex;
    private readonly int _timestamp, _level, _sourceGroup, _application, _message;
    private readonly (int Group, JsonEncodedText Name)[] _properties;
    private readonly string? _timestampFormat;
    private readonly bool _unixTimestamp;
    private readonly byte[]? _sourceValue, _applicationValue;
    private readonly string _noMatch, _timedOut;

    public RegexLineFormat(string name, CustomFormatOptions options, TimeSpan defaultTimeout) : base(name)
    {
        var timeout = options.MatchTimeout ?? defaultTimeout;
        _regex = new Regex(options.Pattern, Options, timeout);
        _timestamp = _regex.GroupNumberFromName("timestamp");
        _level = _regex.GroupNumberFromName("level");
        _sourceValue = options.Source is { Length: > 0 } source ? Encoding.UTF8.GetBytes(source) : null;
        _applicationValue = options.Application is { Length: > 0 } application ? Encoding.UTF8.GetBytes(application) : null;
        _message = _regex.GroupNumberFromName("message");
        _application = _regex.GroupNumberFromName("application");
        _sourceGroup = _regex.GroupNumberFromName("source");
        _properties = _regex.GetGroupNames()
            .Where(g => !FieldGroups.Contains(g) && !int.TryParse(g, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(g => (_regex.GroupNumberFromName(g), JsonEncodedText.Encode(g)))
            .ToArray();
        _unixTimestamp = string.Equals(options.TimestampFormat, "unix", StringComparison.OrdinalIgnoreCase);
        _timestampFormat = _unixTimestamp || string.IsNullOrWhiteSpace(options.TimestampFormat) ? null : options.TimestampFormat;
        _noMatch = $"{name}: the line does not match the format's pattern";
        _timedOut = $"{name}: the pattern took longer than {timeout.TotalMilliseconds:0} ms (match timeout)";
    }

    public override bool TryParse(ReadOnlySpan<byte> line, DateTimeOffset receivedAt, TextLogRecord record)
    {
        var firstLineEnd = line.IndexOf((byte)'\n');
        var first = firstLineEnd < 0 ? line : line[..firstLineEnd];
        if (!first.IsEmpty && first[^1] == (byte)'\r') first = first[..^1];
        var text = Encoding.UTF8.GetString(first);
        var ascii = text.Length == first.Length;

        Match match;
        try
        {
            match = _regex.Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return record.Fail(_timedOut);
        }
        if (!match.Success) return record.Fail(_noMatch);

        if (Group(match, _message, text, ascii) is { IsPresent: true } message)
        {
            // Continuation lines belong to the message when it runs to the end of the first line.
            record.Message = message.Start + message.Length == first.Length && line.Length > first.Length
                ? new TextSpan(message.Start, Utf8Text.TrimEndLength(line, message.Start, line.Length))
                : message;
        }
        else record.Message = new TextSpan(0, Utf8Text.TrimEndLength(line, 0, line.Length));

        if (Group(match, _sourceGroup, text, ascii) is { IsPresent: true, Length: > 0 } source) record.Source = source;
        else if (_sourceValue is not null) record.Source = record.AppendScratch(_sourceValue);
        if (Group(match, _application, text, ascii) is { IsPresent: true, Length: > 0 } application) record.Application = application;
        else if (_applicationValue is not null) record.Application = record.AppendScratch(_applicationValue);

        if (Group(match, _level, text, ascii) is { IsPresent: true } level)
        {
            if (LogfmtFormat.TryLevel(line.Slice(level.Start, level.Length), out var severity)) record.Level = severity;
            else record.Add(TextFieldNames.Level, level);
        }
        if (Group(match, _timestamp, text, ascii) is { IsPresent: true } timestamp)
        {
            if (TryTimestamp(match.Groups[_timestamp].ValueSpan, line.Slice(timestamp.Start, timestamp.Length), out var value)) record.Timestamp = value;
            else record.Add(TimestampName, timestamp);
        }
        foreach (var (group, name) in _properties)
        {
            if (Group(match, group, text, ascii) is { IsPresent: true } value) record.Add(name, value);
        }
        return true;
    }

    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");

    private bool TryTimestamp(ReadOnlySpan<char> chars, ReadOnlySpan<byte> bytes, out DateTimeOffset value)
    {
        if (_unixTimestamp)
        {
            value = default;
            return Utf8Text.TryParseDigits(bytes, out var unix) && TimestampParser.TryFromUnix(unix, out value);
        }
        if (_timestampFormat is null) return TextTimestamps.TryParseAny(bytes, out value);
        return DateTimeOffset.TryParseExact(chars, _timestampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out value);
    }

    /// <summary>A group's range in the line's bytes (char offsets equal byte offsets for ASCII lines).</summary>
    private static TextSpan Group(Match match, int number, string text, bool ascii)
    {
        if (number < 0) return TextSpan.None;
        var group = match.Groups[number];
        if (!group.Success) return TextSpan.None;
        if (ascii) return new TextSpan(group.Index, group.Length);
        var start = Encoding.UTF8.GetByteCount(text.AsSpan(0, group.Index));
        return new TextSpan(start, Encoding.UTF8.GetByteCount(text.AsSpan(group.Index, group.Length)));
    }
}
