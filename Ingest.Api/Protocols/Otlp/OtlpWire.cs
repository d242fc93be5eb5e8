using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Ingest.Api.Parsing;
using static Ingest.Api.Protocols.Otlp.ProtoReader;

namespace Ingest.Api.Protocols.Otlp;

/// <summary>
/// OTLP's common messages on the wire (<c>KeyValue</c>, <c>AnyValue</c>, ids) and their JSON form in a log: values as JSON
/// (kvlist as an object, bytes as base64), nesting bounded, strings made storable (invalid UTF-8 and NUL become U+FFFD).
/// </summary>
public static class OtlpWire
{
    public static void ReadKeyValue(ReadOnlySpan<byte> keyValue, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        key = default;
        value = default;
        var reader = new ProtoReader(keyValue);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 1 && wireType == LengthDelimited) key = reader.ReadBytes();
            else if (field == 2 && wireType == LengthDelimited) value = reader.ReadBytes();
            else reader.Skip(wireType);
        }
    }

    /// <summary>The AnyValue's string, when it is one (the last field of the oneof wins, as in protobuf).</summary>
    public static ReadOnlySpan<byte> StringValue(ReadOnlySpan<byte> anyValue)
    {
        ReadOnlySpan<byte> text = default;
        var reader = new ProtoReader(anyValue);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 1 && wireType == LengthDelimited) text = reader.ReadBytes();
            else reader.Skip(wireType);
        }
        return text;
    }

    public static bool IsString(ReadOnlySpan<byte> anyValue)
    {
        var reader = new ProtoReader(anyValue);
        var isString = false;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            isString = field == 1;
            reader.Skip(wireType);
        }
        return isString;
    }

    public static bool DepthFits(ReadOnlySpan<byte> anyValue, int depth, int maxDepth)
    {
        if (depth > maxDepth) return false;
        var reader = new ProtoReader(anyValue);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field is 5 or 6 && wireType == LengthDelimited)
            {
                var list = new ProtoReader(reader.ReadBytes());
                while (list.TryReadTag(out var f, out var w))
                {
                    if (f != 1 || w != LengthDelimited)
                    {
                        list.Skip(w);
                        continue;
                    }
                    var item = list.ReadBytes();
                    var nested = item;
                    if (field == 6) ReadKeyValue(item, out _, out nested);
                    if (!DepthFits(nested, depth + 1, maxDepth)) return false;
                }
            }
            else reader.Skip(wireType);
        }
        return true;
    }

    /// <summary>An AnyValue as JSON: string, bool, int64, double, array, object (kvlist), bytes as base64, empty as null.</summary>
    public static void WriteAnyValue(Utf8JsonWriter json, ReadOnlySpan<byte> anyValue, int depth, int maxDepth)
    {
        var reader = new ProtoReader(anyValue);
        var field = 0;
        var wireType = 0;
        var last = -1;
        while (reader.TryReadTag(out var f, out var w))
        {
            last = reader.Position;
            field = f;
            wireType = w;
            reader.Skip(w);
        }
        if (last < 0)
        {
            json.WriteNullValue();
            return;
        }
        // The last field of the oneof wins: read its value where its tag ended (one field, almost always).
        reader = new ProtoReader(anyValue[last..]);
        switch (field)
        {
            case 1 when wireType == LengthDelimited: WriteSafeValue(json, reader.ReadBytes()); break;
            case 2 when wireType == Varint: json.WriteBooleanValue(reader.ReadVarint() != 0); break;
            case 3 when wireType == Varint: json.WriteNumberValue((long)reader.ReadVarint()); break;
            case 4 when wireType == Fixed64:
                var real = BitConverter.UInt64BitsToDouble(reader.ReadFixed64());
                if (double.IsFinite(real)) json.WriteNumberValue(real);
                else json.WriteStringValue(real.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case 7 when wireType == LengthDelimited: json.WriteBase64StringValue(reader.ReadBytes()); break;
            case 5 or 6 when wireType == LengthDelimited && depth > maxDepth: json.WriteStringValue(OtlpNames.TooDeep); break;
            case 5 when wireType == LengthDelimited:
                json.WriteStartArray();
                var array = new ProtoReader(reader.ReadBytes());
                while (array.TryReadTag(out var f, out var w))
                {
                    if (f == 1 && w == LengthDelimited) WriteAnyValue(json, array.ReadBytes(), depth + 1, maxDepth);
                    else array.Skip(w);
                }
                json.WriteEndArray();
                break;
            case 6 when wireType == LengthDelimited:
                json.WriteStartObject();
                var list = new ProtoReader(reader.ReadBytes());
                while (list.TryReadTag(out var f, out var w))
                {
                    if (f != 1 || w != LengthDelimited)
                    {
                        list.Skip(w);
                        continue;
                    }
                    ReadKeyValue(list.ReadBytes(), out var key, out var value);
                    WriteSafeName(json, key);
                    WriteAnyValue(json, value, depth + 1, maxDepth);
                }
                json.WriteEndObject();
                break;
            default: json.WriteNullValue(); break;
        }
    }

    public static ReadOnlySpan<byte> Hex(ReadOnlySpan<byte> id, Span<byte> target)
    {
        const string digits = "0123456789abcdef";
        for (var i = 0; i < id.Length; i++)
        {
            target[2 * i] = (byte)digits[id[i] >> 4];
            target[2 * i + 1] = (byte)digits[id[i] & 0xF];
        }
        return target[..(id.Length * 2)];
    }

    /// <summary>Valid UTF-8 without NUL as it is; else a copy with U+FFFD for each bad sequence and NUL (PostgreSQL cannot store NUL).</summary>
    private static bool IsSafe(ReadOnlySpan<byte> text) => text.IndexOf((byte)0) < 0 && Utf8.IsValid(text);

    private static string Sanitize(ReadOnlySpan<byte> text) => Encoding.UTF8.GetString(text).Replace('\0', '\uFFFD');

    public static ReadOnlySpan<byte> Safe(ReadOnlySpan<byte> text, PooledBufferWriter buffer)
    {
        if (IsSafe(text)) return text;
        buffer.Clear();
        buffer.Write(Encoding.UTF8.GetBytes(Sanitize(text)));
        return buffer.WrittenSpan;
    }

    public static void WriteSafeValue(Utf8JsonWriter json, ReadOnlySpan<byte> text)
    {
        if (IsSafe(text)) json.WriteStringValue(text);
        else json.WriteStringValue(Sanitize(text));
    }

    public static void WriteSafeName(Utf8JsonWriter json, ReadOnlySpan<byte> key)
    {
        if (IsSafe(key)) json.WritePropertyName(key);
        else json.WritePropertyName(Sanitize(key));
    }

    public static void WriteSafeString(Utf8JsonWriter json, JsonEncodedText name, ReadOnlySpan<byte> text)
    {
        json.WritePropertyName(name);
        WriteSafeValue(json, text);
    }
}
