using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace LoadGenerator;

/// <summary>
/// CLEF bodies as Serilog.Sinks.Seq posts them: one JSON event per line with <c>@t</c>, <c>@mt</c> (the corpus message as
/// a template, its braces doubled so it renders to itself), <c>@l</c> (omitted for Information, as Serilog does), and
/// properties <c>Application</c>, <c>MachineName</c>, <c>job_run_id</c>, <c>seq</c>, <c>sent_us</c>.
/// </summary>
public sealed class ClefBodyWriter : IBatchBodyWriter
{
    private readonly LogCorpus _corpus;
    private readonly byte[][] _fields;
    private readonly byte[] _runId;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);

    public ClefBodyWriter(LogCorpus corpus, string runId)
    {
        _corpus = corpus;
        _runId = Encoding.UTF8.GetBytes($",\"job_run_id\":\"{runId}\",\"seq\":");
        _fields = corpus.Lines.Select(Encode).ToArray();
    }

    public ReadOnlyMemory<byte> Write(long firstSeq, int count, long cursor, DateTimeOffset now, out int errors)
    {
        _buffer.ResetWrittenCount();
        errors = 0;
        var sentUs = now.ToUnixTimeMilliseconds() * 1000 + now.Ticks % TimeSpan.TicksPerMillisecond / 10;
        Span<byte> timestamp = stackalloc byte[64];
        var timestampLength = Encoding.UTF8.GetBytes($",\"@t\":\"{now.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}\"", timestamp);
        for (var i = 0; i < count; i++)
        {
            var index = (int)((cursor + i) % _corpus.Lines.Count);
            if (_corpus.Lines[index].Level == "error") errors++;
            _buffer.Write(_fields[index]);
            _buffer.Write(timestamp[..timestampLength]);
            _buffer.Write(_runId);
            AppendNumber(firstSeq + i);
            _buffer.Write(",\"sent_us\":"u8);
            AppendNumber(sentUs);
            _buffer.Write("}\n"u8);
        }
        return _buffer.WrittenMemory;
    }

    private static byte[] Encode(CorpusLine line)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("@mt", line.Message.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
            var level = line.Level switch
            {
                "trace" => "Verbose",
                "debug" => "Debug",
                "warn" => "Warning",
                "error" => "Error",
                "fatal" => "Fatal",
                _ => null,
            };
            if (level is not null) json.WriteString("@l", level);
            json.WriteString("Application", line.Application);
            json.WriteString("MachineName", line.Source);
            json.WriteEndObject();
        }
        return stream.ToArray()[..^1]; // open: the writer appends the time and the run's properties
    }

    private void AppendNumber(long value)
    {
        var span = _buffer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        _buffer.Advance(written);
    }
}
