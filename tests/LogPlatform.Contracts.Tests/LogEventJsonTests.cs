using System.Text.Json;
using LogPlatform.Contracts;

namespace LogPlatform.Contracts.Tests;

public sealed class LogEventJsonTests
{
    private static readonly LogEvent Sample = new()
    {
        Id = 42,
        Timestamp = new DateTimeOffset(2025, 11, 11, 16, 0, 0, 123, TimeSpan.Zero),
        Level = LogSeverity.Warn,
        Message = "Disk \"/var\" at 91% — é",
        Source = "web-01",
        Application = "checkout",
        TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
        SpanId = "00f067aa0ba902b7",
        Properties = JsonDocument.Parse("""{"job_run_id":42,"tags":["a"]}""").RootElement,
        ReceivedAt = new DateTimeOffset(2025, 11, 11, 16, 0, 1, TimeSpan.Zero),
    };

    [Fact]
    public void Serialises_with_snake_case_names_and_the_wire_level()
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(Sample, ContractsJsonContext.Default.LogEvent));
        var root = document.RootElement;

        Assert.Equal(
            ["id", "timestamp", "level", "message", "source", "application", "trace_id", "span_id", "properties", "received_at"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("warn", root.GetProperty("level").GetString());
        Assert.Equal(42, root.GetProperty("properties").GetProperty("job_run_id").GetInt32());
    }

    [Fact]
    public void Round_trips_through_the_source_generated_context()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new[] { Sample }, ContractsJsonContext.Default.LogEventArray);
        var back = Assert.Single(JsonSerializer.Deserialize(json, ContractsJsonContext.Default.LogEventArray)!);

        Assert.Equal(Sample with { Properties = null }, back with { Properties = null });
        Assert.Equal(Sample.Properties!.Value.GetRawText(), back.Properties!.Value.GetRawText());
    }

    [Fact]
    public void Optional_fields_are_left_out_when_null_and_read_as_null_when_missing()
    {
        var minimal = new LogEvent { Message = "m", Timestamp = DateTimeOffset.UnixEpoch, ReceivedAt = DateTimeOffset.UnixEpoch };
        var json = JsonSerializer.Serialize(minimal, ContractsJsonContext.Default.LogEvent);

        Assert.DoesNotContain("trace_id", json);
        Assert.DoesNotContain("properties", json);
        var back = JsonSerializer.Deserialize("""{"message":"m","level":"info"}""", ContractsJsonContext.Default.LogEvent)!;
        Assert.Null(back.TraceId);
        Assert.Null(back.Properties);
        Assert.Equal(0, back.Id);
    }

    [Fact]
    public void Envelopes_carry_type_data_and_timestamp()
    {
        var envelope = new Envelope<LogEvent[]>(EnvelopeTypes.Logs, [Sample], Sample.ReceivedAt);
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(envelope, ContractsJsonContext.Default.EnvelopeLogEventArray));

        Assert.Equal("logs", document.RootElement.GetProperty("type").GetString());
        Assert.Equal(1, document.RootElement.GetProperty("data").GetArrayLength());
        Assert.True(document.RootElement.TryGetProperty("timestamp", out _));
    }
}
