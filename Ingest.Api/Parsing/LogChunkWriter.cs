using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ingest.Api.Parsing;

/// <summary>One stream entry's payload: a UTF-8 JSON array of <paramref name="Count"/> normalised logs.</summary>
public readonly record struct LogChunk(ReadOnlyMemory<byte> Payload, int Count);

/// <summary>
/// Writes normalised logs as JSON arrays of at most <c>chunkSize</c> logs, each array in its own pooled buffer,
/// so each chunk becomes one XADD without copying.
/// </summary>
public sealed class LogChunkWriter : IDisposable
{
    // Relaxed escaping keeps non-ASCII text as UTF-8 (smaller payloads); the payload is never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly int _chunkSize;
    private readonly int _initialCapacity;
    private readonly List<PooledBufferWriter> _buffers = [];
    private readonly List<int> _counts = [];
    private Utf8JsonWriter? _json;
    private PooledBufferWriter? _current;
    private int _inChunk;

    public LogChunkWriter(int chunkSize, int initialCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        _chunkSize = chunkSize;
        _initialCapacity = initialCapacity;
    }

    /// <summary>Logs written so far.</summary>
    public int Count { get; private set; }

    /// <summary>Valid logs left out because they are below the key's minimum level (<see cref="StreamLogWriter.Drops"/>).</summary>
    public int BelowMinimumLevel { get; internal set; }

    public Utf8JsonWriter BeginLog()
    {
        if (_current is null)
        {
            _current = new PooledBufferWriter(_initialCapacity);
            _buffers.Add(_current);
            if (_json is null) _json = new Utf8JsonWriter(_current, WriterOptions);
            else _json.Reset(_current);
            _json.WriteStartArray();
        }
        return _json!;
    }

    public void EndLog()
    {
        Count++;
        if (++_inChunk == _chunkSize) CloseChunk();
    }

    /// <summary>Closes the open chunk and returns every chunk; the memory stays valid until <see cref="Dispose"/>.</summary>
    public IReadOnlyList<LogChunk> Complete()
    {
        if (_current is not null) CloseChunk();
        var chunks = new LogChunk[_buffers.Count];
        for (var i = 0; i < chunks.Length; i++) chunks[i] = new LogChunk(_buffers[i].WrittenMemory, _counts[i]);
        return chunks;
    }

    private void CloseChunk()
    {
        _json!.WriteEndArray();
        _json.Flush();
        _counts.Add(_inChunk);
        _inChunk = 0;
        _current = null;
    }

    /// <summary>Drops the buffers without returning them to the pool (a failed Redis write may still hold them).</summary>
    public void Abandon()
    {
        _json?.Reset();
        foreach (var buffer in _buffers) buffer.Abandon();
        _buffers.Clear();
    }

    public void Dispose()
    {
        // Reset first: disposing a writer with an open chunk would flush into a buffer already returned.
        _json?.Reset();
        _json?.Dispose();
        _json = null;
        foreach (var buffer in _buffers) buffer.Dispose();
        _buffers.Clear();
    }
}
