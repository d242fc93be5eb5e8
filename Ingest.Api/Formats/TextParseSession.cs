using System.Text;
using Ingest.Api.Parsing;

namespace Ingest.Api.Formats;

/// <summary>
/// The state of one text source while it is parsed: one request body now; later one syslog connection, one upload,
/// one shipped file. Holds the reusable record and scratch buffers and counts what each format parsed. Not thread-safe.
/// </summary>
public sealed class TextParseSession(TextFormatChoice format) : IDisposable
{
    public TextFormatChoice Format { get; } = format;

    public FormatCounts Counts { get; } = new();

    internal TextLogRecord Record { get; } = new();

    private PooledBufferWriter? _sanitized;

    /// <summary>
    /// The event with invalid UTF-8 replaced by U+FFFD and NUL (which PostgreSQL cannot store) by U+FFFD too. Rare: this
    /// path may allocate.
    /// </summary>
    internal ReadOnlySpan<byte> Sanitize(ReadOnlySpan<byte> @event)
    {
        var text = Encoding.UTF8.GetString(@event).Replace('\0', '\uFFFD');
        var buffer = _sanitized ??= new PooledBufferWriter(Encoding.UTF8.GetMaxByteCount(text.Length));
        buffer.Clear();
        var written = Encoding.UTF8.GetBytes(text, buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        buffer.Advance(written);
        return buffer.WrittenSpan;
    }

    public void Dispose()
    {
        Record.Dispose();
        _sanitized?.Dispose();
    }
}
