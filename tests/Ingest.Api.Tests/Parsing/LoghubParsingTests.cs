using System.Text.Json;
using Ingest.Api.Parsing;
using Ingest.Api.Tests.Loghub;
using LogPlatform.Contracts;

namespace Ingest.Api.Tests.Parsing;

/// <summary>Real log lines (loghub) through the parser, as arrays and as NDJSON, checked field by field.</summary>
public sealed class LoghubParsingTests
{
    public static TheoryData<string> Systems => new(LoghubSamples.Systems);

    [Theory]
    [MemberData(nameof(Systems))]
    public void Every_line_of_a_system_is_accepted_and_normalised(string system)
    {
        var lines = LoghubSamples.Load(system);
        Assert.Equal(2000, lines.Count);

        var result = ParserHarness.Parse(LoghubSamples.ToJsonArray(lines));

        Assert.True(result.Outcome.IsValid, string.Join("\n", result.Outcome.Errors.Take(5)));
        Assert.Equal([1000, 1000], result.Chunks.Select(c => c.Count));
        Assert.Equal(lines.Count, result.Logs.Length);
        for (var i = 0; i < lines.Count; i++)
        {
            var expected = lines[i];
            var log = result.Logs[i];
            Assert.Equal(expected.Message, log.Message);
            Assert.Equal(expected.Source, log.Source);
            Assert.Equal(system.ToLowerInvariant(), log.Application);
            Assert.True(LogSeverityNames.TryParse(expected.Level, out var level), expected.Level);
            Assert.Equal(level, log.Level);
            Assert.Equal(expected.Timestamp, log.Timestamp);
            Assert.Equal(TimeSpan.Zero, log.Timestamp.Offset);
            Assert.Equal(ParserHarness.ReceivedAt, log.ReceivedAt);
            Assert.Equal(0, log.Id);
            Assert.Equal(expected.LineId, log.Properties!.Value.GetProperty("line").GetInt32());
        }
    }

    [Fact]
    public void Unknown_top_level_fields_of_real_lines_are_kept_as_properties()
    {
        var bgl = LoghubSamples.Load("BGL")[0];
        var hdfs = LoghubSamples.Load("HDFS")[0];

        var result = ParserHarness.Parse(LoghubSamples.ToJsonArray([bgl, hdfs]));

        Assert.Equal("KERNEL", result.Logs[0].Properties!.Value.GetProperty("component").GetString());
        Assert.Equal(148, result.Logs[1].Properties!.Value.GetProperty("pid").GetInt32());
        Assert.Equal("E10", result.Logs[1].Properties!.Value.GetProperty("event_id").GetString());
    }

    [Fact]
    public void Ndjson_of_every_system_gives_the_same_logs_as_the_array()
    {
        var lines = LoghubSamples.LoadAll();

        var asArray = ParserHarness.Parse(LoghubSamples.ToJsonArray(lines), new IngestOptions { MaxEntriesPerRequest = 10_000 });
        var asNdJson = ParserHarness.Parse(LoghubSamples.ToNdJson(lines), new IngestOptions { MaxEntriesPerRequest = 10_000 }, PayloadFormat.NdJson);

        Assert.True(asNdJson.Outcome.IsValid, string.Join("\n", asNdJson.Outcome.Errors.Take(5)));
        Assert.Equal(10_000, asNdJson.Logs.Length);
        Assert.Equal(10, asNdJson.Chunks.Count);
        Assert.Equal(asArray.Payloads, asNdJson.Payloads);
    }

    [Fact]
    public void Payload_is_a_json_array_of_contract_events_with_snake_case_names_and_no_id()
    {
        var line = LoghubSamples.Load("Apache")[1];

        var payload = ParserHarness.Parse(LoghubSamples.ToJsonArray([line])).Payloads.Single();

        using var document = JsonDocument.Parse(payload);
        var log = Assert.Single(document.RootElement.EnumerateArray().ToArray());
        Assert.Equal(
            ["timestamp", "level", "message", "source", "application", "properties", "received_at"],
            log.EnumerateObject().Select(p => p.Name));
        Assert.Equal("error", log.GetProperty("level").GetString());
        Assert.Equal("2005-12-04T04:47:44+00:00", log.GetProperty("timestamp").GetString());
    }
}
