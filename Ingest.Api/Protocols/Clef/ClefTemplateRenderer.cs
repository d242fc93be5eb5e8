using System.Globalization;
using System.Text.Json;
using Ingest.Api.Parsing;

namespace Ingest.Api.Protocols.Clef;

/// <summary>
/// Renders a Serilog message template (<c>@mt</c>) with the event's properties the way Serilog's
/// <c>MessageTemplate.Render</c> does with the invariant culture: strings quoted (<c>:l</c> for literal), numbers with
/// their format specifier (<c>{Amount:N2}</c>), alignment (<c>{Name,-10}</c>), <c>@</c>/<c>$</c> hints read past,
/// structures as <c>Type { Name: value }</c>, sequences as <c>[a, b]</c>, <c>{{</c>/<c>}}</c> as braces, and a hole
/// without a property left as written. Works on UTF-8 and stops once the output passes <c>maxBytes</c>.
/// </summary>
public static class ClefTemplateRenderer
{
    /// <summary>The properties the holes are looked up in (by unescaped name) and the renderings (<c>@r</c>) for holes with a format.</summary>
    public readonly ref struct Context(ReadOnlySpan<byte> line, ReadOnlySpan<byte> names, ReadOnlySpan<ClefProperty> properties,
        ReadOnlySpan<ClefRendering> renderings)
    {
        public ReadOnlySpan<byte> Line { get; } = line;
        public ReadOnlySpan<byte> Names { get; } = names;
        public ReadOnlySpan<ClefProperty> Properties { get; } = properties;
        /// <summary>The strings of <c>@r</c> in the line (raw JSON tokens), in order; empty when there are none.</summary>
        public ReadOnlySpan<ClefRendering> Renderings { get; } = renderings;
    }

    /// <param name="scratch">Where an aligned hole is rendered before it is padded into <paramref name="output"/>.</param>
    public static void Render(ReadOnlySpan<byte> template, in Context context, PooledBufferWriter output, PooledBufferWriter scratch, int maxBytes)
    {
        var renderingIndex = 0;
        var i = 0;
        while (i < template.Length && output.WrittenCount <= maxBytes)
        {
            var brace = template[i..].IndexOfAny((byte)'{', (byte)'}');
            if (brace < 0)
            {
                output.Write(template[i..]);
                return;
            }
            output.Write(template.Slice(i, brace));
            i += brace;
            if (template[i] == (byte)'}')
            {
                output.Write((byte)'}');
                i += i + 1 < template.Length && template[i + 1] == (byte)'}' ? 2 : 1;
                continue;
            }
            if (i + 1 < template.Length && template[i + 1] == (byte)'{')
            {
                output.Write((byte)'{');
                i += 2;
                continue;
            }
            var close = template[(i + 1)..].IndexOfAny((byte)'}', (byte)'{');
            if (close < 0 || template[i + 1 + close] == (byte)'{' || !TryParseHole(template.Slice(i + 1, close), out var hole))
            {
                // Not a hole: Serilog writes the text as it is, up to the next brace.
                var end = close < 0 ? template.Length : i + 1 + close;
                output.Write(template[i..end]);
                i = end;
                continue;
            }
            var holeText = template.Slice(i, close + 2);
            i += close + 2;
            if (hole.Alignment == 0) WriteHole(holeText, hole, context, ref renderingIndex, output);
            else
            {
                scratch.Clear();
                var found = WriteHole(holeText, hole, context, ref renderingIndex, scratch);
                if (found) Pad(scratch.WrittenSpan, hole.Alignment, output);
                else output.Write(scratch.WrittenSpan);
            }
        }
    }

    private readonly ref struct Hole(ReadOnlySpan<byte> name, ReadOnlySpan<byte> format, int alignment, bool hasFormat)
    {
        public ReadOnlySpan<byte> Name { get; } = name;
        public ReadOnlySpan<byte> Format { get; } = format;
        public int Alignment { get; } = alignment;
        public bool HasFormat { get; } = hasFormat;
    }

    /// <summary><c>[@|$]name[,alignment][:format]</c>, with Serilog's rules for names (letters, digits, '_').</summary>
    private static bool TryParseHole(ReadOnlySpan<byte> text, out Hole hole)
    {
        hole = default;
        if (text.Length > 0 && text[0] is (byte)'@' or (byte)'$') text = text[1..];
        var colon = text.IndexOf((byte)':');
        var format = colon < 0 ? default : text[(colon + 1)..];
        var head = colon < 0 ? text : text[..colon];
        var comma = head.IndexOf((byte)',');
        var name = comma < 0 ? head : head[..comma];
        if (name.IsEmpty) return false;
        foreach (var b in name)
        {
            if (!(b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'_' || b >= 0x80)) return false;
        }
        var alignment = 0;
        if (comma >= 0)
        {
            var spec = head[(comma + 1)..];
            var negative = spec.Length > 0 && spec[0] == (byte)'-';
            if (!Formats.Utf8Text.TryParseDigits(negative ? spec[1..] : spec, out var width) || width > 10_000) return false;
            alignment = negative ? -(int)width : (int)width;
        }
        hole = new Hole(name, format, alignment, colon >= 0);
        return true;
    }

    private static bool WriteHole(ReadOnlySpan<byte> holeText, in Hole hole, in Context context, ref int renderingIndex, PooledBufferWriter output)
    {
        var found = Find(context, hole.Name, out var value);
        var rendering = hole.HasFormat ? Rendering(context, renderingIndex++) : default;
        if (!found) output.Write(holeText);
        else if (!rendering.IsEmpty) WriteJsonString(rendering, output);
        else
        {
            var raw = context.Line.Slice(value.ValueStart, value.ValueLength);
            // Scalars straight from the token the event's reader already classified; containers walked below.
            switch (value.Kind)
            {
                case JsonTokenType.String: WriteString(raw, hole.Format, output, nested: false); break;
                case JsonTokenType.Number when hole.Format.IsEmpty: output.Write(raw); break;
                case JsonTokenType.True: output.Write("True"u8); break;
                case JsonTokenType.False: output.Write("False"u8); break;
                case JsonTokenType.Null: output.Write("null"u8); break;
                default: WriteValue(raw, hole.Format, output, nested: false); break;
            }
        }
        return found;
    }

    private static bool Find(in Context context, ReadOnlySpan<byte> name, out ClefProperty property)
    {
        foreach (var candidate in context.Properties)
        {
            if (candidate.Name(context.Line, context.Names).SequenceEqual(name))
            {
                property = candidate;
                return true;
            }
        }
        property = default;
        return false;
    }

    /// <summary>The <paramref name="index"/>-th string of the <c>@r</c> array (raw JSON), or empty.</summary>
    private static ReadOnlySpan<byte> Rendering(in Context context, int index)
    {
        if ((uint)index >= (uint)context.Renderings.Length) return default;
        var rendering = context.Renderings[index];
        return context.Line.Slice(rendering.Start, rendering.Length);
    }

    private static void WriteValue(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> format, PooledBufferWriter output, bool nested)
    {
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                WriteString(raw, format, output, nested);
                break;
            case JsonTokenType.Number:
                if (format.IsEmpty || !TryFormatNumber(reader.ValueSpan, format, output)) output.Write(reader.ValueSpan);
                break;
            case JsonTokenType.True: output.Write("True"u8); break;
            case JsonTokenType.False: output.Write("False"u8); break;
            case JsonTokenType.Null: output.Write("null"u8); break;
            case JsonTokenType.StartArray:
                output.Write((byte)'[');
                var first = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!first) output.Write(", "u8);
                    first = false;
                    WriteElement(ref reader, raw, output);
                }
                output.Write((byte)']');
                break;
            case JsonTokenType.StartObject:
                WriteStructure(ref reader, raw, output);
                break;
        }
    }

    private static void WriteString(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> format, PooledBufferWriter output, bool nested)
    {
        if (!nested && format.SequenceEqual("l"u8)) WriteJsonString(raw, output);
        else
        {
            output.Write((byte)'"');
            WriteJsonString(raw, output, escapeQuotes: true);
            output.Write((byte)'"');
        }
    }

    private static void WriteElement(ref Utf8JsonReader reader, ReadOnlySpan<byte> raw, PooledBufferWriter output)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        WriteValue(raw[start..(int)reader.BytesConsumed], default, output, nested: true);
    }

    /// <summary><c>Type { A: 1, B: "x" }</c>; the member <c>$type</c> (Serilog writes it last) is the type tag.</summary>
    private static void WriteStructure(ref Utf8JsonReader reader, ReadOnlySpan<byte> raw, PooledBufferWriter output)
    {
        var scan = reader; // a copy: find the tag first, then write the members
        while (scan.Read() && scan.TokenType == JsonTokenType.PropertyName)
        {
            var isType = scan.ValueTextEquals("$type"u8);
            scan.Read();
            if (isType && scan.TokenType == JsonTokenType.String)
            {
                WriteJsonString(raw[(int)scan.TokenStartIndex..(int)scan.BytesConsumed], output);
                output.Write((byte)' ');
                break;
            }
            scan.Skip();
        }
        var opened = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex;
            var nameEnd = nameStart + reader.ValueSpan.Length + 2;
            var isType = reader.ValueTextEquals("$type"u8);
            reader.Read();
            if (isType)
            {
                reader.Skip();
                continue;
            }
            output.Write(opened ? ", "u8 : "{ "u8);
            opened = true;
            WriteJsonString(raw[nameStart..nameEnd], output);
            output.Write(": "u8);
            WriteElement(ref reader, raw, output);
        }
        output.Write(opened ? " }"u8 : "{  }"u8);
    }

    /// <summary>A raw JSON string token's text, unescaped (and with <c>"</c> as <c>\"</c> when <paramref name="escapeQuotes"/>).</summary>
    private static void WriteJsonString(ReadOnlySpan<byte> rawToken, PooledBufferWriter output, bool escapeQuotes = false)
    {
        var text = rawToken[1..^1];
        if (text.IndexOf((byte)'\\') >= 0)
        {
            var reader = new Utf8JsonReader(rawToken);
            reader.Read();
            var span = output.GetSpan(text.Length);
            var length = reader.CopyString(span);
            text = span[..length];
            if (!escapeQuotes || text.IndexOf((byte)'"') < 0)
            {
                output.Advance(length);
                return;
            }
            text = text.ToArray();
        }
        if (!escapeQuotes)
        {
            output.Write(text);
            return;
        }
        while (true)
        {
            var quote = text.IndexOf((byte)'"');
            if (quote < 0)
            {
                output.Write(text);
                return;
            }
            output.Write(text[..quote]);
            output.Write("\\\""u8);
            text = text[(quote + 1)..];
        }
    }

    private static bool TryFormatNumber(ReadOnlySpan<byte> number, ReadOnlySpan<byte> format, PooledBufferWriter output)
    {
        if (format.Length > 32) return false;
        Span<char> chars = stackalloc char[32];
        for (var i = 0; i < format.Length; i++) chars[i] = (char)format[i];
        var spec = chars[..format.Length];
        var target = output.GetSpan(128);
        int written;
        var ok = long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
            ? integer.TryFormat(target, out written, spec, CultureInfo.InvariantCulture)
            : decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
                ? exact.TryFormat(target, out written, spec, CultureInfo.InvariantCulture)
                : double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                  & real.TryFormat(target, out written, spec, CultureInfo.InvariantCulture);
        if (!ok) return false;
        output.Advance(written);
        return true;
    }

    /// <summary>Writes <paramref name="value"/> padded to |alignment| characters (UTF-16 units, as .NET counts); negative = left-aligned.</summary>
    private static void Pad(ReadOnlySpan<byte> value, int alignment, PooledBufferWriter output)
    {
        var chars = 0;
        foreach (var b in value)
        {
            if ((b & 0xC0) != 0x80) chars++;
            if (b >= 0xF0) chars++;
        }
        var padding = Math.Max(0, Math.Abs(alignment) - chars);
        if (alignment < 0) output.Write(value);
        output.GetSpan(padding)[..padding].Fill((byte)' ');
        output.Advance(padding);
        if (alignment > 0) output.Write(value);
    }
}
