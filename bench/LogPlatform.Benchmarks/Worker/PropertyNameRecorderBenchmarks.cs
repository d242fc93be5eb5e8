extern alias ingest;
extern alias worker;

using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ingest::Ingest.Api;
using ingest::Ingest.Api.Parsing;
using Ingest.Api.Tests.Loghub;
using LogPlatform.Storage.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using worker::Worker.Service.PropertyNames;

namespace LogPlatform.Benchmarks.Worker;

/// <summary>
/// What learning property names adds to the worker's CPU per log: the encoding of a 1,000-log entry (the baseline, as in
/// <see cref="StoredLogEncodingBenchmarks"/>), and the same plus <see cref="PropertyNameRecorder.Observe"/> once every
/// name is known (the steady state: each log's properties are read, nothing new is queued). Per log (OperationsPerInvoke).
/// Run: dotnet run -c Release --project bench/LogPlatform.Benchmarks -- --filter '*PropertyNameRecorder*' --job short
/// </summary>
[MemoryDiagnoser]
public class PropertyNameRecorderBenchmarks
{
    private const int Logs = 1000;
    private StreamEntryLogs _entry = null!;
    private PropertyNameRecorder _recorder = null!;

    [GlobalSetup]
    public void Setup()
    {
        var logs = LoghubSamples.Systems.SelectMany(s => LoghubSamples.Load(s).Take(Logs / LoghubSamples.Systems.Length)).ToList();
        var parser = new LogPayloadParser(new IngestOptions());
        var defaults = new LogDefaults(JsonEncodedText.Encode("unknown"), JsonEncodedText.Encode("unknown"), DateTimeOffset.UtcNow);
        using var output = new LogChunkWriter(Logs, 1 << 20);
        parser.Parse(LoghubSamples.ToJsonArray(logs), PayloadFormat.Json, defaults, output);
        if (!StreamEntryLogs.TryCreate("1-0", output.Complete()[0].Payload.ToArray(), null, out var entry, out var error))
        {
            throw new InvalidOperationException(error);
        }
        _entry = entry;
        // No Redis: the recorder's background loop is not started; names are only learned and queued.
        _recorder = new PropertyNameRecorder(null!, NullLogger<PropertyNameRecorder>.Instance);
        _recorder.Observe([_entry]);
    }

    [Benchmark(OperationsPerInvoke = Logs, Baseline = true)]
    public int Encode()
    {
        var rows = ArrayPool<byte>.Shared.Rent(LogCopyRows.MaxBytes(_entry.Payload.Length, _entry.Count));
        var length = LogCopyRows.Encode(_entry.Payload.Span, 1, rows);
        ArrayPool<byte>.Shared.Return(rows);
        return length + StoredLogsJson.Write([_entry], 1).Length;
    }

    [Benchmark(OperationsPerInvoke = Logs)]
    public int EncodeAndObserve()
    {
        var length = Encode();
        _recorder.Observe([_entry]);
        return length;
    }
}
