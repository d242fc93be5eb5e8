extern alias ingest;

using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ingest::Ingest.Api;
using ingest::Ingest.Api.Parsing;
using Ingest.Api.Tests.Loghub;
using LogPlatform.Contracts;

namespace LogPlatform.Benchmarks.Ingest;

/// <summary>
/// The ingest hot path without the network: parse + validate + normalise + serialise a request of 1,000 real loghub
/// logs (200 from each system, mixed timestamp forms, properties) into stream payloads. Results are per log
/// (OperationsPerInvoke). Baseline: the object route, deserialising to LogEvent records (source-generated) and serialising them back.
/// Run: dotnet run -c Release --project bench/LogPlatform.Benchmarks -- --filter '*LogPayloadParser*' --job short
/// </summary>
[MemoryDiagnoser]
public class LogPayloadParserBenchmarks
{
    private const int Logs = 1000;
    private readonly IngestOptions _options = new();
    private LogPayloadParser _parser = null!;
    private byte[] _array = null!;
    private byte[] _ndjson = null!;
    private byte[] _normalised = null!;
    private LogDefaults _defaults;

    [GlobalSetup]
    public void Setup()
    {
        var logs = LoghubSamples.Systems.SelectMany(s => LoghubSamples.Load(s).Take(Logs / LoghubSamples.Systems.Length)).ToList();
        _array = LoghubSamples.ToJsonArray(logs);
        _ndjson = LoghubSamples.ToNdJson(logs);
        _parser = new LogPayloadParser(_options);
        _defaults = new LogDefaults(JsonEncodedText.Encode("unknown"), JsonEncodedText.Encode("unknown"), DateTimeOffset.UtcNow);
        if (Array() != Logs || NdJson() != Logs) throw new InvalidOperationException("the sample did not parse");
        // The baseline gets the friendliest input for the object route: already-normalised logs (System.Text.Json
        // alone would refuse Unix-time and "yyyy-MM-dd HH:mm:ss" timestamps).
        using var output = new LogChunkWriter(Logs, _array.Length * 2);
        _parser.Parse(_array, PayloadFormat.Json, _defaults, output);
        _normalised = output.Complete()[0].Payload.ToArray();
    }

    [Benchmark(OperationsPerInvoke = Logs)]
    public int Array() => Run(_array, PayloadFormat.Json);

    [Benchmark(OperationsPerInvoke = Logs)]
    public int NdJson() => Run(_ndjson, PayloadFormat.NdJson);

    [Benchmark(OperationsPerInvoke = Logs, Baseline = true)]
    public int ObjectsBaseline()
    {
        var logs = JsonSerializer.Deserialize(_normalised, ContractsJsonContext.Default.LogEventArray)!;
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < logs.Length; i++) logs[i] = logs[i] with { ReceivedAt = now };
        return JsonSerializer.SerializeToUtf8Bytes(logs, ContractsJsonContext.Default.LogEventArray).Length;
    }

    /// <returns>Logs written (so the work cannot be optimised away).</returns>
    private int Run(byte[] body, PayloadFormat format)
    {
        using var output = new LogChunkWriter(_options.ChunkSize, body.Length + body.Length / 2);
        var outcome = _parser.Parse(body, format, _defaults, output);
        if (!outcome.IsValid) throw new InvalidOperationException(outcome.Errors[0].Error);
        return output.Complete().Sum(c => c.Count);
    }
}
