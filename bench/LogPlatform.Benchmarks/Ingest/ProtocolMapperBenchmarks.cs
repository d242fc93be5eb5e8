extern alias ingest;

using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ingest::Ingest.Api;
using ingest::Ingest.Api.Parsing;
using ingest::Ingest.Api.Protocols;
using ingest::Ingest.Api.Protocols.Clef;
using ingest::Ingest.Api.Protocols.Loki;
using ingest::Ingest.Api.Protocols.Otlp;
using static Ingest.Api.Tests.Protocols.ProtoWriter;

namespace LogPlatform.Benchmarks.Ingest;

/// <summary>
/// The protocol doors' mappers without the network: 1,000 events of one request mapped into stream payloads, per event
/// (OperationsPerInvoke). Baseline: the same events as our own JSON through <see cref="LogPayloadParser"/>.
/// CLEF with a template of four holes (one formatted) and four properties; OTLP protobuf with a resource of three
/// attributes, a scope, three attributes and trace ids per record; Loki snappy protobuf with three labels and logfmt lines.
/// Run: dotnet run -c Release --project bench/LogPlatform.Benchmarks -- --filter '*ProtocolMapper*' --job short
/// </summary>
[MemoryDiagnoser]
public class ProtocolMapperBenchmarks
{
    private const int Events = 1000;
    private readonly IngestOptions _options = new();
    private LogDefaults _defaults;
    private LogPayloadParser _json = null!;
    private ClefMapper _clef = null!;
    private OtlpProtobufMapper _otlp = null!;
    private LokiMapper _loki = null!;
    private byte[] _jsonBody = null!, _clefBody = null!, _otlpBody = null!, _lokiBody = null!;

    [GlobalSetup]
    public void Setup()
    {
        var writer = new StreamLogWriter(_options);
        _json = new LogPayloadParser(writer);
        _clef = new ClefMapper(writer);
        _otlp = new OtlpProtobufMapper(writer);
        _loki = new LokiMapper(writer);
        _defaults = new LogDefaults(JsonEncodedText.Encode("unknown"), JsonEncodedText.Encode("unknown"), DateTimeOffset.UtcNow);
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);

        var json = new StringBuilder("[");
        var clef = new StringBuilder();
        for (var i = 0; i < Events; i++)
        {
            var t = start.AddMilliseconds(i).ToString("O");
            if (i > 0) json.Append(',');
            json.Append($$$"""{"timestamp":"{{{t}}}","level":"warn","message":"User \"u{{{i}}}\" logged in from 10.0.{{{i % 255}}}.1 in {{{i * 0.1:F1}}} ms","source":"web-01","application":"checkout","properties":{"UserId":"u{{{i}}}","Ip":"10.0.{{{i % 255}}}.1","Elapsed":{{{i * 0.1:F1}}},"SourceContext":"Auth"}}""");
            clef.Append($$"""{"@t":"{{t}}","@mt":"User {UserId} logged in from {Ip} in {Elapsed:N1} ms","@l":"Warning","@r":["{{i * 0.1:N1}}"],"UserId":"u{{i}}","Ip":"10.0.{{i % 255}}.1","Elapsed":{{i * 0.1:F1}},"SourceContext":"Auth","Application":"checkout","MachineName":"web-01"}""").Append('\n');
        }
        _jsonBody = Encoding.UTF8.GetBytes(json.Append(']').ToString());
        _clefBody = Encoding.UTF8.GetBytes(clef.ToString());

        var nanos = (ulong)(start - DateTimeOffset.UnixEpoch).Ticks * 100;
        var trace = Enumerable.Range(1, 16).Select(b => (byte)b).ToArray();
        var records = Enumerable.Range(0, Events).Select(i => Bytes(2, Message(Fixed64(1, nanos + (ulong)i * 1_000_000), Varint(2, 13),
            String(3, "Warning"), Bytes(5, String(1, $"User u{i} logged in from 10.0.{i % 255}.1 in {i * 0.1:F1} ms")),
            Bytes(6, Attribute("UserId", $"u{i}")), Bytes(6, Attribute("Ip", $"10.0.{i % 255}.1")), Bytes(6, Attribute("http.route", "/login")),
            Bytes(9, trace), Bytes(10, trace[..8])))).ToArray();
        _otlpBody = Message(Bytes(1, Message(
            Bytes(1, Message(Bytes(1, Attribute("service.name", "checkout")), Bytes(1, Attribute("service.instance.id", "web-01")),
                Bytes(1, Attribute("telemetry.sdk.name", "opentelemetry")))),
            Bytes(2, Message([Bytes(1, Message(String(1, "Auth"))), .. records])))));

        var entries = Enumerable.Range(0, Events).Select(i => Bytes(2, Message(
            Bytes(1, Message(Varint(1, (ulong)start.ToUnixTimeSeconds()), Varint(2, (ulong)i * 1_000_000))),
            String(2, $"level=warn msg=\"User u{i} logged in\" ip=10.0.{i % 255}.1 elapsed={i * 0.1:F1}")))).ToArray();
        _lokiBody = Snappier.Snappy.CompressToArray(Message(Bytes(1, Message([String(1, "{app=\"checkout\", host=\"web-01\", env=\"prod\"}"), .. entries]))));

        foreach (var run in new Func<int>[] { JsonBaseline, Clef, OtlpProtobuf, LokiProtobuf })
        {
            if (run() != Events) throw new InvalidOperationException("a payload did not map");
        }
    }

    [Benchmark(OperationsPerInvoke = Events, Baseline = true)]
    public int JsonBaseline()
    {
        using var output = new LogChunkWriter(_options.ChunkSize, _jsonBody.Length * 2);
        return Check(_json.Parse(_jsonBody, PayloadFormat.Json, _defaults, output), output);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public int Clef() => Map(_clef, _clefBody, "application/vnd.serilog.clef");

    [Benchmark(OperationsPerInvoke = Events)]
    public int OtlpProtobuf() => Map(_otlp, _otlpBody, "application/x-protobuf");

    [Benchmark(OperationsPerInvoke = Events)]
    public int LokiProtobuf() => Map(_loki, _lokiBody, "application/x-protobuf");

    private int Map(IProtocolMapper mapper, byte[] body, string contentType)
    {
        using var output = new LogChunkWriter(_options.ChunkSize, body.Length * 3);
        return Check(mapper.Map(body, contentType, _defaults, output), output);
    }

    private static int Check(ParseOutcome outcome, LogChunkWriter output)
    {
        if (!outcome.IsValid) throw new InvalidOperationException(outcome.Errors[0].Error);
        return output.Complete().Sum(c => c.Count);
    }
}
