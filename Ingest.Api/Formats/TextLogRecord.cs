using System.Buffers;
using System.Text.Json;
using LogPlatform.Contracts;

namespace Ingest.Api.Formats;

/// <summary>
/// What a <see cref="ILineFormat"/> makes of one event: the log's fields as ranges of the event's bytes, plus properties.
/// Reused for every event of a request or session (call <see cref="Reset"/>), so parsing allocates nothing per line;
/// not thread-safe. Unescaped or composed values go to a scratch buffer (<see cref="TextSpan.InScratch"/>).
/// </summary>
public sealed class TextLogRecord : IDisposable
{
    /// <summary>More properties than this on one log are dropped (and flagged): a line must not become a huge object.</summary>
    public const int MaxProperties = 256;

    private byte[] _scratch = ArrayPool<byte>.Shared.Rent(1024);
    private int _scratchLength;
    private readonly List<TextProperty> _properties = new(16);

    public DateTimeOffset? Timestamp { get; set; }
    public LogSeverity Level { get; set; }
    public TextSpan Message { get; set; }
    public TextSpan Source { get; set; }
    public TextSpan Application { get; set; }

    /// <summary>The format that parsed the event, when a delegating format (syslog, auto) chose it.</summary>
    public LineFormat? ParsedAs { get; set; }

    /// <summary>Why the event did not parse (a constant text, so failing allocates nothing either).</summary>
    public string? Error { get; private set; }

    /// <summary>Set when <see cref="MaxProperties"/> was reached.</summary>
    public bool PropertiesTruncated { get; private set; }

    /// <summary>A span, not a list: enumerating an interface would box an enumerator per line.</summary>
    public ReadOnlySpan<TextProperty> Properties => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_properties);

    public ReadOnlySpan<byte> ScratchSpan => _scratch.AsSpan(0, _scratchLength);

    public void Reset()
    {
        Timestamp = null;
        Level = LogSeverity.Info;
        Message = Source = Application = TextSpan.None;
        Error = null;
        ParsedAs = null;
        PropertiesTruncated = false;
        _properties.Clear();
        _scratchLength = 0;
    }

    /// <summary>Records why the event does not parse; returns false so a parser can <c>return record.Fail(...)</c>.</summary>
    public bool Fail(string reason)
    {
        Error = reason;
        return false;
    }

    /// <summary>The bytes of <paramref name="span"/>, from the event or from the scratch buffer.</summary>
    public ReadOnlySpan<byte> Resolve(ReadOnlySpan<byte> line, TextSpan span)
        => !span.IsPresent ? default : span.InScratch ? _scratch.AsSpan(span.Start, span.Length) : line.Slice(span.Start, span.Length);

    public void Add(JsonEncodedText name, TextSpan value)
        => AddProperty(new TextProperty(name, TextSpan.None, TextPropertyKind.String, value));

    public void Add(TextSpan name, TextSpan value)
        => AddProperty(new TextProperty(default, name, TextPropertyKind.String, value));

    public void Add(TextSpan name, TextPropertyKind kind)
        => AddProperty(new TextProperty(default, name, kind, TextSpan.None));

    public void Add(JsonEncodedText name, JsonEncodedText value)
        => AddProperty(new TextProperty(name, TextSpan.None, TextPropertyKind.Encoded, TextSpan.None, EncodedValue: value));

    public void Add(JsonEncodedText name, long value)
        => AddProperty(new TextProperty(name, TextSpan.None, TextPropertyKind.Integer, TextSpan.None, value));

    public void Add(JsonEncodedText name, double value)
        => AddProperty(new TextProperty(name, TextSpan.None, TextPropertyKind.Number, TextSpan.None, 0, value));

    /// <summary>A string property whose value is an integer when it is all digits (a pid, a port).</summary>
    public void AddNumberOrString(JsonEncodedText name, ReadOnlySpan<byte> line, TextSpan value)
    {
        if (Utf8Text.TryParseDigits(Resolve(line, value), out var number)) Add(name, number);
        else Add(name, value);
    }

    /// <summary>Room for <paramref name="length"/> bytes at the end of the scratch buffer; call <see cref="CommitScratch"/> after writing.</summary>
    public Span<byte> GetScratch(int length)
    {
        if (_scratch.Length - _scratchLength < length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_scratch.Length * 2, _scratchLength + length));
            _scratch.AsSpan(0, _scratchLength).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = grown;
        }
        return _scratch.AsSpan(_scratchLength, length);
    }

    public TextSpan CommitScratch(int written)
    {
        var span = new TextSpan(_scratchLength, written, InScratch: true);
        _scratchLength += written;
        return span;
    }

    public TextSpan AppendScratch(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetScratch(bytes.Length));
        return CommitScratch(bytes.Length);
    }

    /// <summary>Three pieces joined (<c>sd.&lt;id&gt;.&lt;param&gt;</c>), in the scratch buffer.</summary>
    public TextSpan Compose(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        var target = GetScratch(a.Length + b.Length + c.Length);
        a.CopyTo(target);
        b.CopyTo(target[a.Length..]);
        c.CopyTo(target[(a.Length + b.Length)..]);
        return CommitScratch(target.Length);
    }

    private void AddProperty(in TextProperty property)
    {
        if (_properties.Count >= MaxProperties)
        {
            PropertiesTruncated = true;
            return;
        }
        _properties.Add(property);
    }

    public void Dispose()
    {
        var scratch = _scratch;
        _scratch = [];
        if (scratch.Length > 0) ArrayPool<byte>.Shared.Return(scratch);
    }
}
