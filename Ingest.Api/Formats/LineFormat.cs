using System.Text.Json;

namespace Ingest.Api.Formats;

/// <summary>
/// One text log format. Parsers are stateless singletons shared by every entry point (HTTP text, later syslog
/// listeners, upload, file shipper); the per-event state is the caller's <see cref="TextLogRecord"/>.
/// </summary>
public abstract class LineFormat(string name)
{
    /// <summary>The format's name (<c>rfc3164</c>, a configured custom name, ...), as counted in the 202 answer.</summary>
    public string Name { get; } = name;

    /// <summary>The name as the <c>format</c> property of each log it parsed.</summary>
    public JsonEncodedText EncodedName { get; } = JsonEncodedText.Encode(name);

    /// <summary>
    /// Parses one event (a line, or a line with its continuation lines) into <paramref name="record"/>, which the caller
    /// has reset. A format that delegates (syslog, auto) sets <see cref="TextLogRecord.ParsedAs"/> to the one that parsed it.
    /// </summary>
    /// <param name="receivedAt">The time of receipt: the year of year-less timestamps comes from it.</param>
    /// <returns>false, with <see cref="TextLogRecord.Error"/> set, when the event is not in this format.</returns>
    public abstract bool TryParse(ReadOnlySpan<byte> line, DateTimeOffset receivedAt, TextLogRecord record);

    public override string ToString() => Name;
}
