extern alias ingest;

using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ingest::Ingest.Api;
using ingest::Ingest.Api.Parsing;
using Ingest.Api.Tests.Loghub;
using LogPlatform.Contracts;
using LogPlatform.Storage.Writing;

namespace LogPlatform.Benchmarks.Worker;

/// <summary>
/// The worker's CPU per log without PostgreSQL or Redis: a stream entry of 1,000 real loghub logs, as ingest writes it,
/// read and checked, encoded as COPY rows and as the live channel's JSON with ids. Results are per log
/// (OperationsPerInvoke). Baseline: the object route the worker took before, LogEvent records (source-generated JSON),
/// their strings measured as UTF-8 (standing in for Npgsql's binary importer, which encoded each field; the real cost
/// was higher), copied with ids and serialised back.
/// Run: dotnet run -c Release --project bench/LogPlatform.Benchmarks -- --filter '*StoredLogEncoding*' --job short
/// </summary>
[MemoryDiagnoser]
public class StoredLogEncodingBenchmarks
{
    private const int Logs = 1000;
    private byte[] _payload = null!;

    [GlobalSetup]
    public void Setup()
    {
        var logs = LoghubSamples.Systems.SelectMany(s => LoghubSamples.Load(s).Take(Logs / LoghubSamples.Systems.Length)).ToList();
        var parser = new LogPayloadParser(new IngestOptions());
        var defaults = new LogDefaults(JsonEncodedText.Encode("unknown"), JsonEncodedText.Encode("unknown"), DateTimeOffset.UtcNow);
        using var output = new LogChunkWriter(Logs, 1 << 20);
        parser.Parse(LoghubSamples.ToJsonArray(logs), PayloadFormat.Json, defaults, output);
        _payload = output.Complete()[0].Payload.ToArray();
        if (FromPayload() == 0 || ObjectsBaseline() == 0) throw new InvalidOperationException("the sample did not encode");
    }

    [Benchmark(OperationsPerInvoke = Logs)]
    public int FromPayload()
    {
        if (!StreamEntryLogs.TryCreate("1-0", _payload, null, out var entry, out var error)) throw new InvalidOperationException(error);
        var rows = ArrayPool<byte>.Shared.Rent(LogCopyRows.MaxBytes(entry.Payload.Length, entry.Count));
        var length = LogCopyRows.Encode(entry.Payload.Span, 1, rows);
        ArrayPool<byte>.Shared.Return(rows);
        return length + StoredLogsJson.Write([entry], 1).Length;
    }

    [Benchmark(OperationsPerInvoke = Logs, Baseline = true)]
    public int ObjectsBaseline()
    {
        var logs = JsonSerializer.Deserialize(_payload, ContractsJsonContext.Default.LogEventArray)!;
        // What the binary importer converted per field (the strings to UTF-8, the properties to text), without a server.
        var bytes = 0;
        var stored = new List<LogEvent>(logs.Length);
        var id = 1L;
        foreach (var log in logs)
        {
            bytes += System.Text.Encoding.UTF8.GetByteCount(log.Message) + System.Text.Encoding.UTF8.GetByteCount(log.Source)
                + System.Text.Encoding.UTF8.GetByteCount(log.Application) + (log.Properties?.GetRawText().Length ?? 0);
            stored.Add(log with { Id = id++ });
        }
        return bytes + JsonSerializer.SerializeToUtf8Bytes(stored.ToArray(), ContractsJsonContext.Default.LogEventArray).Length;
    }
}
