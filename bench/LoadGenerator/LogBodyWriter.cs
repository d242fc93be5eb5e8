using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace LoadGenerator;

/// <summary>
/// Writes <c>POST /logs</c> bodies: corpus lines in turn, each tagged with the run id (<c>job_run_id</c>, which the
/// schema indexes), a sequence number unique in the run and the send time in µs (<c>sent_us</c>) to measure latency.
/// Reuses one buffer per writer, so the generator spends its CPU on sending rather than on JSON.
/// </summary>
public sealed class LogBodyWriter(LogCorpus corpus, string runId) : IBatchBodyWriter
{
    private readonly byte[] _metadataStart = Encoding.UTF8.GetBytes($",\"metadata\":{{\"job_run_id\":\"{runId}\",\"seq\":");
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);

    public string RunId { get; } = runId;

    /// <summary>Writes <paramref name="count"/> logs starting at corpus line <paramref name="cursor"/>; returns how many are level error (what a level=error filter passes).</summary>
    public ReadOnlyMemory<byte> Write(long firstSeq, int count, long cursor, DateTimeOffset now, out int errors)
    {
        _buffer.ResetWrittenCount();
        errors = 0;
        var sentUs = now.ToUnixTimeMilliseconds() * 1000 + now.Ticks % TimeSpan.TicksPerMillisecond / 10;
        Span<byte> timestamp = stackalloc byte[64];
        var timestampLength = Encoding.UTF8.GetBytes($",\"timestamp\":\"{now.UtcDateTime:yyyy-MM-ddTHH:mm:ss.ffffffZ}\"", timestamp);

        Append("["u8);
        for (var i = 0; i < count; i++)
        {
            var line = corpus.Lines[(int)((cursor + i) % corpus.Lines.Count)];
            if (line.Level == "error") errors++;
            if (i > 0) Append(","u8);
            Append(line.JsonFields);
            Append(timestamp[..timestampLength]);
            Append(_metadataStart);
            AppendNumber(firstSeq + i);
            Append(",\"sent_us\":"u8);
            AppendNumber(sentUs);
            Append("}}"u8);
        }
        Append("]"u8);
        return _buffer.WrittenMemory;
    }

    private void Append(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    private void AppendNumber(long value)
    {
        var span = _buffer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        _buffer.Advance(written);
    }
}
