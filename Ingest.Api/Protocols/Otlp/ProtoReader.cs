using System.Buffers.Binary;

namespace Ingest.Api.Protocols.Otlp;

/// <summary>
/// A forward-only reader of the protobuf wire format over one message's bytes: tags, varints, fixed 32/64-bit values and
/// length-delimited fields as slices (no copy). Truncated or malformed input throws <see cref="InvalidDataException"/>.
/// </summary>
public ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    public const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool End => _position >= _data.Length;

    /// <summary>The offset of the next byte in the message this reader reads.</summary>
    public readonly int Position => _position;

    /// <summary>The next field's number and wire type; false at the end of the message.</summary>
    public bool TryReadTag(out int field, out int wireType)
    {
        if (End)
        {
            field = wireType = 0;
            return false;
        }
        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (field <= 0 || tag >> 3 > int.MaxValue) throw Malformed("a field number out of range");
        return true;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length) throw Malformed("a truncated varint");
            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw Malformed("a varint longer than 10 bytes");
    }

    public ulong ReadFixed64()
    {
        if (_data.Length - _position < 8) throw Malformed("a truncated fixed64");
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_data[_position..]);
        _position += 8;
        return value;
    }

    public uint ReadFixed32()
    {
        if (_data.Length - _position < 4) throw Malformed("a truncated fixed32");
        var value = BinaryPrimitives.ReadUInt32LittleEndian(_data[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>A length-delimited field's bytes (a string, bytes or an embedded message).</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position)) throw Malformed("a length-delimited field longer than its message");
        var value = _data.Slice(_position, (int)length);
        _position += (int)length;
        return value;
    }

    /// <summary>The bytes of a length-delimited field, as an offset and length in this reader's message.</summary>
    public (int Start, int Length) ReadRange()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position)) throw Malformed("a length-delimited field longer than its message");
        var start = _position;
        _position += (int)length;
        return (start, (int)length);
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: ReadFixed64(); break;
            case LengthDelimited: ReadBytes(); break;
            case Fixed32: ReadFixed32(); break;
            default: throw Malformed($"wire type {wireType}");
        }
    }

    /// <summary>Throws unless the field has the wire type its schema gives it.</summary>
    public static void Expect(int wireType, int expected)
    {
        if (wireType != expected) throw Malformed($"wire type {wireType} where {expected} was expected");
    }

    public static InvalidDataException Malformed(string what) => new($"not an OTLP protobuf message: {what}");
}
