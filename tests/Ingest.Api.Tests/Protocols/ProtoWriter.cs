using System.Text;

namespace Ingest.Api.Tests.Protocols;

/// <summary>Builds protobuf messages field by field, for OTLP and Loki payloads the tests (and benchmarks) construct.</summary>
public static class ProtoWriter
{
    public static byte[] Message(params byte[][] fields) => fields.SelectMany(f => f).ToArray();

    public static byte[] Bytes(int field, byte[] value) => [.. Tag(field, 2), .. Varint((ulong)value.Length), .. value];

    public static byte[] String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public static byte[] Varint(int field, ulong value) => [.. Tag(field, 0), .. Varint(value)];

    public static byte[] Fixed64(int field, ulong value) => [.. Tag(field, 1), .. BitConverter.GetBytes(value)];

    /// <summary>An OTLP <c>KeyValue</c> with a string <c>AnyValue</c>.</summary>
    public static byte[] Attribute(string key, string value) => Message(String(1, key), Bytes(2, String(1, value)));

    public static byte[] Attribute(string key, byte[] anyValue) => Message(String(1, key), Bytes(2, anyValue));

    private static byte[] Tag(int field, int wireType) => Varint((ulong)(field << 3 | wireType));

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
        return [.. bytes];
    }
}
