extern alias ingest;
using LogPlatform.Testing;

using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ingest::Ingest.Api;
using ingest::Ingest.Api.Formats;
using ingest::Ingest.Api.Parsing;
using Ingest.Api.Tests.Loghub;
using Microsoft.Extensions.Options;

namespace LogPlatform.Benchmarks.Ingest;

/// <summary>
/// The text formats on 2,000 lines per case, parsed and written into stream payloads; results are per line
/// (OperationsPerInvoke). Linux and OpenSSH are the raw loghub logs (RFC 3164 without PRI); the other cases are the
/// same loghub rows written in that format (loghub has no RFC 5424, access, logfmt or CEF logs).
/// Beside each: <c>JsonPath</c> (baseline), the same logs as NDJSON through the JSON path, and <c>RegexFormat</c>, the
/// same lines through a configured regex format with an equivalent pattern (the "just use a regex" way).
/// Run: dotnet run -c Release --project bench/LogPlatform.Benchmarks -- --filter '*TextFormat*' --job short
/// </summary>
[MemoryDiagnoser]
public class TextFormatBenchmarks
{
    private const int Lines = 2000;

    private sealed record Input(string Format, byte[] Text, string Pattern, string? TimestampFormat);

    private static readonly Dictionary<string, Func<Input>> Cases = new()
    {
        ["linux-rfc3164"] = () => new Input("rfc3164", Raw("Linux"), SyslogPattern, "MMM d HH:mm:ss"),
        ["openssh-rfc3164"] = () => new Input("rfc3164", Raw("OpenSSH"), SyslogPattern, "MMM d HH:mm:ss"),
        ["rfc5424"] = () => new Input("rfc5424", Synthesize("OpenSSH", r =>
                $"<38>1 2024-12-{int.Parse(r["Day"], CultureInfo.InvariantCulture):00}T{r["Time"]}Z {r["Component"]} sshd {r["Pid"]} - [meta@1 line=\"{r["LineId"]}\" event=\"{r["EventId"]}\"] {r["Content"]}"),
            @"^<(?<pri>\d+)>1 (?<timestamp>\S+) (?<source>\S+) (?<application>\S+) (?<pid>\S+) (?<msgid>\S+) (?<sd>\[.*?\]|-) (?<message>.*)$", null),
        ["access"] = () => new Input("access", Synthesize("OpenSSH", r =>
                $"173.234.31.{int.Parse(r["LineId"], CultureInfo.InvariantCulture) % 250} - - [10/Dec/2024:{r["Time"]} +0000] \"GET /events/{r["EventId"]}?line={r["LineId"]} HTTP/1.1\" {(r["EventId"] == "E27" ? 404 : 200)} {r["Content"].Length * 17} \"https://example.com/\" \"Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0\" 0.0{r["LineId"].Length}"),
            @"^(?<client>\S+) (?<ident>\S+) (?<user>\S+) \[(?<timestamp>[^\]]+)\] ""(?<method>\S+) (?<path>\S+) (?<protocol>[^""]+)"" (?<status>\d{3}) (?<bytes>\d+|-) ""(?<referrer>[^""]*)"" ""(?<user_agent>[^""]*)"" (?<response_time>\S+)$",
            "dd/MMM/yyyy:HH:mm:ss zzz"),
        ["logfmt"] = () => new Input("logfmt", Synthesize("HDFS", r =>
                $"time=2008-11-09T{r["Time"].PadLeft(6, '0')[..2]}:{r["Time"].PadLeft(6, '0')[2..4]}:{r["Time"].PadLeft(6, '0')[4..]}Z level={r["Level"]} source={r["Component"]} pid={r["Pid"]} msg=\"{r["Content"]}\""),
            @"^time=(?<timestamp>\S+) level=(?<level>\S+) source=(?<source>\S+) pid=(?<pid>\d+) msg=""(?<message>.*)""$", null),
        ["cef"] = () => new Input("cef", Synthesize("BGL", r =>
                $"CEF:0|IBM|BlueGene|1.0|{r["EventId"]}|{r["Content"].Replace("|", "\\|")}|{(r["Level"] is "FATAL" ? 10 : 3)}|dvchost={r["Node"]} rt={r["Timestamp"]}000 cs1={r["Component"]} cs1Label=component"),
            @"^CEF:(?<cef_version>\d+)\|(?<device_vendor>[^|]*)\|(?<application>[^|]*)\|(?<device_version>[^|]*)\|(?<signature_id>[^|]*)\|(?<message>(?:[^|\\]|\\.)*)\|(?<severity>[^|]*)\|dvchost=(?<source>\S+) rt=(?<timestamp>\d+) (?<extension>.*)$",
            "unix"),
    };

    private const string SyslogPattern = @"^(?<timestamp>\w{3} [ \d]\d \d{2}:\d{2}:\d{2}) (?<source>\S+) +(?<application>[^\[:]+?)(?:\[(?<pid>\d+)\])?: +(?<message>.*)$";

    [ParamsSource(nameof(CaseNames))]
    public string Case { get; set; } = "";

    public static IEnumerable<string> CaseNames => Cases.Keys;

    private readonly IngestOptions _options = new() { MaxEntriesPerRequest = Lines };
    private TextPayloadParser _parser = null!;
    private LogPayloadParser _json = null!;
    private TextFormatChoice _format = null!, _regex = null!;
    private byte[] _text = null!, _ndjson = null!;
    private LogDefaults _defaults;

    [GlobalSetup]
    public void Setup()
    {
        var @case = Cases[Case]();
        _text = @case.Text;
        var custom = new CustomFormatsOptions { ["regex"] = new CustomFormatOptions { Pattern = @case.Pattern, TimestampFormat = @case.TimestampFormat } };
        var text = new TextFormatOptions();
        var registry = new TextFormatRegistry(Options.Create(text), Options.Create(custom));
        _json = new LogPayloadParser(_options);
        _parser = new TextPayloadParser(_json, new TextLogWriter(new StreamLogWriter(_options)), registry, Options.Create(_options), Options.Create(text));
        registry.TryGet(@case.Format, out _format);
        registry.TryGet("regex", out _regex);
        _defaults = new LogDefaults(JsonEncodedText.Encode("unknown"), JsonEncodedText.Encode("unknown"), new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero));

        // The JSON path's input: exactly the logs the text parser makes of these lines, as NDJSON.
        using var output = new LogChunkWriter(Lines, _text.Length * 3);
        using var session = _parser.StartSession(_format);
        _parser.Parse(_text, session, _defaults, output);
        using var logs = JsonDocument.Parse(output.Complete()[0].Payload);
        _ndjson = Encoding.UTF8.GetBytes(string.Join("\n", logs.RootElement.EnumerateArray().Select(l => l.GetRawText())) + "\n");

        if (session.Counts.Unparsed != 0 || TextParser() != Lines || JsonPath() != Lines) throw new InvalidOperationException($"{Case}: not every line parsed");
        using var regexSession = _parser.StartSession(_regex);
        using var regexOutput = new LogChunkWriter(Lines, _text.Length * 3);
        _parser.Parse(_text, regexSession, _defaults, regexOutput);
        if (regexSession.Counts.Unparsed != 0) throw new InvalidOperationException($"{Case}: the regex baseline missed {regexSession.Counts.Unparsed} lines");
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public int TextParser() => RunText(_format);

    [Benchmark(OperationsPerInvoke = Lines)]
    public int RegexFormat() => RunText(_regex);

    [Benchmark(OperationsPerInvoke = Lines, Baseline = true)]
    public int JsonPath()
    {
        using var output = new LogChunkWriter(1000, _ndjson.Length + _ndjson.Length / 2);
        var outcome = _json.Parse(_ndjson, PayloadFormat.NdJson, _defaults, output);
        if (!outcome.IsValid) throw new InvalidOperationException(outcome.Errors[0].Error);
        return output.Count;
    }

    private int RunText(TextFormatChoice format)
    {
        using var output = new LogChunkWriter(1000, _text.Length * 3);
        using var session = _parser.StartSession(format);
        _parser.Parse(_text, session, _defaults, output);
        return output.Count;
    }

    private static byte[] Raw(string system) => File.ReadAllBytes(Path.Combine(LoghubSamples.DataDirectory, $"{system}_2k.log"));

    private static byte[] Synthesize(string system, Func<Dictionary<string, string>, string> line)
    {
        var rows = LoghubCsv.Read(File.ReadAllText(Path.Combine(LoghubSamples.DataDirectory, $"{system}_2k.log_structured.csv"), Encoding.UTF8));
        var header = rows[0];
        var lines = rows.Skip(1).Select(r => line(header.Select((h, i) => (h, v: i < r.Count ? r[i] : "")).ToDictionary(p => p.h, p => p.v)));
        return Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
    }
}
