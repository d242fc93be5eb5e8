using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace LoadGenerator;

/// <summary>
/// OTLP/HTTP protobuf bodies (<c>ExportLogsServiceRequest</c>) as an OpenTelemetry exporter posts them: the batch's logs
/// grouped by resource (<c>service.name</c> = the corpus application, <c>host.name</c> = its source), one scope each,
/// records with time, severity number and text, a string body, and attributes <c>job_run_id</c>, <c>seq</c>, <c>sent_us</c>.
/// </summary>
public sealed class OtlpBodyWriter : IBatchBodyWriter
{
    private readonly LogCorpus _corpus;
    private readonly byte[][] _records; // each line's severity and body, encoded once
    private readonly byte[] _runIdAttribute;
    private readonly Dictionary<(string Application, string Source), List<int>> _groups = [];
    private readonly ProtoBuffer _request = new(), _resourceLogs = new(), _scopeLogs = new(), _record = new(), _scratch = new();

    public OtlpBodyWriter(LogCorpus corpus, string runId)
    {
        _corpus = corpus;
        _records = corpus.Lines.Select(EncodeRecord).ToArray();
        var attribute = new ProtoBuffer();
        attribute.String(1, "job_run_id");
        var value = new ProtoBuffer();
        value.String(1, runId);
        attribute.Bytes(2, value.Written);
        _runIdAttribute = attribute.Written.ToArray();
    }

    public ReadOnlyMemory<byte> Write(long firstSeq, int count, long cursor, DateTimeOffset now, out int errors)
    {
        errors = 0;
        foreach (var group in _groups.Values) group.Clear();
        for (var i = 0; i < count; i++)
        {
            var index = (int)((cursor + i) % _corpus.Lines.Count);
            var line = _corpus.Lines[index];
            if (line.Level == "error") errors++;
            if (!_groups.TryGetValue((line.Application, line.Source), out var group)) _groups[(line.Application, line.Source)] = group = [];
            group.Add(i);
        }

        var sentUs = now.ToUnixTimeMilliseconds() * 1000 + now.Ticks % TimeSpan.TicksPerMillisecond / 10;
        var timeUnixNano = (ulong)(now - DateTimeOffset.UnixEpoch).Ticks * 100;
        _request.Clear();
        foreach (var ((application, source), group) in _groups)
        {
            if (group.Count == 0) continue;
            _scopeLogs.Clear();
            _scratch.Clear();
            _scratch.String(1, "loadgenerator");
            _scopeLogs.Bytes(1, _scratch.Written);
            foreach (var i in group)
            {
                var index = (int)((cursor + i) % _corpus.Lines.Count);
                _record.Clear();
                _record.Fixed64(1, timeUnixNano);
                _record.Raw(_records[index]);
                _record.Bytes(6, _runIdAttribute);
                _record.Bytes(6, IntAttribute(_scratch, "seq", firstSeq + i));
                _record.Bytes(6, IntAttribute(_scratch, "sent_us", sentUs));
                _record.Fixed64(11, timeUnixNano);
                _scopeLogs.Bytes(2, _record.Written);
            }
            _resourceLogs.Clear();
            _scratch.Clear();
            _scratch.Bytes(1, StringAttribute(new ProtoBuffer(), "service.name", application));
            _scratch.Bytes(1, StringAttribute(new ProtoBuffer(), "host.name", source));
            _resourceLogs.Bytes(1, _scratch.Written);
            _resourceLogs.Bytes(2, _scopeLogs.Written);
            _request.Bytes(1, _resourceLogs.Written);
        }
        return _request.WrittenMemory;
    }

    private static byte[] EncodeRecord(CorpusLine line)
    {
        var (number, text) = line.Level switch
        {
            "trace" => (1, "TRACE"),
            "debug" => (5, "DEBUG"),
            "warn" => (13, "WARN"),
            "error" => (17, "ERROR"),
            "fatal" => (21, "FATAL"),
            _ => (9, "INFO"),
        };
        var record = new ProtoBuffer();
        record.Varint(2, (ulong)number);
        record.String(3, text);
        var body = new ProtoBuffer();
        body.String(1, line.Message);
        record.Bytes(5, body.Written);
        return record.Written.ToArray();
    }

    private static ReadOnlySpan<byte> IntAttribute(ProtoBuffer scratch, string key, long value)
    {
        scratch.Clear();
        scratch.String(1, key);
        // AnyValue { int_value = 3 }: 1 byte of tag, a varint; written inline as a nested message of known size.
        Span<byte> anyValue = stackalloc byte[11];
        anyValue[0] = 3 << 3;
        var length = 1 + ProtoBuffer.WriteVarint(anyValue[1..], (ulong)value);
        scratch.Bytes(2, anyValue[..length]);
        return scratch.Written;
    }

    private static ReadOnlySpan<byte> StringAttribute(ProtoBuffer scratch, string key, string value)
    {
        scratch.String(1, key);
        var anyValue = new ProtoBuffer();
        anyValue.String(1, value);
        scratch.Bytes(2, anyValue.Written);
        return scratch.Written;
    }
}

/// <summary>The few protobuf encodings the OTLP writer needs (varint, fixed64, length-delimited), into a reusable buffer.</summary>
public sealed class ProtoBuffer
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.WrittenMemory;

    public void Clear() => _buffer.ResetWrittenCount();

    public void Raw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void Varint(int field, ulong value)
    {
        Tag(field, 0);
        _buffer.Advance(WriteVarint(_buffer.GetSpan(10), value));
    }

    public void Fixed64(int field, ulong value)
    {
        Tag(field, 1);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void String(int field, string value)
    {
        Tag(field, 2);
        var length = Encoding.UTF8.GetByteCount(value);
        _buffer.Advance(WriteVarint(_buffer.GetSpan(10), (ulong)length));
        _buffer.Advance(Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length)));
    }

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        _buffer.Advance(WriteVarint(_buffer.GetSpan(10), (ulong)value.Length));
        _buffer.Write(value);
    }

    private void Tag(int field, int wireType) => _buffer.Advance(WriteVarint(_buffer.GetSpan(5), (ulong)(field << 3 | wireType)));

    public static int WriteVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }
}
