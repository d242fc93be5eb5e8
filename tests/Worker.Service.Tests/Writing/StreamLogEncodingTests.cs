using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using LogPlatform.Contracts;
using LogPlatform.Storage.Writing;

namespace Worker.Service.Tests.Writing;

/// <summary>
/// The worker's hot path without objects per log (pure logic): payloads as ingest writes them, encoded as COPY rows and
/// as the live channel's JSON, checked against the contract's own serialiser. The rows' round trip through PostgreSQL is
/// <c>SchemaTests</c>'.
/// </summary>
public sealed class StreamLogEncodingTests
{
    private static readonly LogEvent[] Logs =
    [
        new()
        {
            Timestamp = new DateTimeOffset(2026, 11, 28, 1, 2, 3, 456, TimeSpan.FromHours(2)).AddTicks(7_890),
            ReceivedAt = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero),
            Level = LogSeverity.Error,
            Message = "quote \" backslash \\ newline \n tab \t été 🚀 <script>",
            Source = "web-01",
            Application = "shop",
            TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
            SpanId = "00f067aa0ba902b7",
            Properties = JsonDocument.Parse("""{"job_run_id":"run-7","nested":{"a":[1,2,{"b":null}]},"text":"\"x\""}""").RootElement,
        },
        new() { Timestamp = DateTimeOffset.UnixEpoch, ReceivedAt = DateTimeOffset.UnixEpoch, Level = LogSeverity.Trace, Message = "", Source = "s", Application = "a" },
    ];

    [Fact]
    public void The_live_json_is_each_log_with_its_id_as_the_contract_writes_it()
    {
        var entries = new[] { StreamEntryLogs.FromLogs("1-0", Logs), StreamEntryLogs.FromLogs("2-0", [Logs[1]]) };

        var json = StoredLogsJson.Write(entries, firstId: 41);

        var published = JsonSerializer.Deserialize(json, ContractsJsonContext.Default.LogEventArray)!;
        LogEvent[] expected = [Logs[0] with { Id = 41 }, Logs[1] with { Id = 42 }, Logs[1] with { Id = 43 }];
        Assert.Equal(expected.Select(Canonical), published.Select(Canonical));
    }

    [Theory]
    [InlineData("""[{"message":"m","id":0,"source":"s"}]""")]
    [InlineData("""[{"message":"m","source":"s","id":0}]""")]
    [InlineData("""[{"message":"m","source":"s"}]""")]
    [InlineData("""[ { "id" : 0 , "message" : "m" , "source" : "s" } ]""")]
    public void The_id_is_set_wherever_the_payload_had_it_or_not(string payload)
    {
        Assert.True(StreamEntryLogs.TryCreate("1-0", Encoding.UTF8.GetBytes(payload), null, out var entry, out var error), error);

        var log = JsonDocument.Parse(StoredLogsJson.Write([entry], firstId: 7)).RootElement.EnumerateArray().Single();

        Assert.Equal(["id", "message", "source"], log.EnumerateObject().Select(p => p.Name));
        Assert.Equal(7, log.GetProperty("id").GetInt64());
        Assert.Equal(("m", "s"), (log.GetProperty("message").GetString(), log.GetProperty("source").GetString()));
    }

    [Theory]
    [InlineData("""{"message":"m"}""", "not a JSON array")]
    [InlineData("""[{"message":"m"},{"message":"m","level":"loud"}]""", "log 1: 'level' must be one of")]
    [InlineData("""[{"message":42}]""", "log 0: 'message' is not a string")]
    [InlineData("""[{"timestamp":"yesterday"}]""", "log 0: 'timestamp' is not an ISO 8601 time")]
    [InlineData("""[{"message":"m"}""", "log 1:")]
    [InlineData("""[7]""", "log 0: a log is not a JSON object")]
    public void A_payload_that_cannot_be_stored_is_refused_with_the_log_and_the_reason(string payload, string reason)
    {
        Assert.False(StreamEntryLogs.TryCreate("1-0", Encoding.UTF8.GetBytes(payload), null, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Copy_rows_hold_every_column_in_order_with_text_unescaped()
    {
        var entry = StreamEntryLogs.FromLogs("1-0", Logs);
        var rows = new byte[LogCopyRows.MaxBytes(entry.Payload.Length, entry.Count)];

        var length = LogCopyRows.Encode(entry.Payload.Span, firstId: 100, rows);

        var decoded = ReadRows(rows.AsSpan(0, length));
        Assert.Equal(2, decoded.Count);
        var first = decoded[0];
        Assert.Equal(100L, BinaryPrimitives.ReadInt64BigEndian(first[0]!));
        Assert.Equal(LogCopyRows.ToPostgresTime(Logs[0].Timestamp), BinaryPrimitives.ReadInt64BigEndian(first[1]!));
        Assert.Equal((short)LogSeverity.Error, BinaryPrimitives.ReadInt16BigEndian(first[2]!));
        Assert.Equal(Logs[0].Message, Encoding.UTF8.GetString(first[3]!));
        Assert.Equal(["web-01", "shop", Logs[0].TraceId, Logs[0].SpanId], first[4..8].Select(f => Encoding.UTF8.GetString(f!)));
        Assert.Equal(1, first[8]![0]); // jsonb version
        Assert.True(JsonElement.DeepEquals(Logs[0].Properties!.Value, JsonDocument.Parse(first[8]!.AsMemory(1)).RootElement));
        Assert.Equal(LogCopyRows.ToPostgresTime(Logs[0].ReceivedAt), BinaryPrimitives.ReadInt64BigEndian(first[9]!));
        Assert.Equal(101L, BinaryPrimitives.ReadInt64BigEndian(decoded[1][0]!));
        Assert.Equal([null, null, null], decoded[1][6..9]); // no trace, span or properties: NULL
    }

    [Fact]
    public void Rows_never_outgrow_the_bound_even_for_logs_with_no_fields()
    {
        var payload = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("{}", 1_000)) + "]");
        Assert.True(StreamEntryLogs.TryCreate("1-0", payload, null, out var entry, out _));

        var length = LogCopyRows.Encode(payload, firstId: 1, new byte[LogCopyRows.MaxBytes(payload.Length, entry.Count)]);

        Assert.Equal(1_000 * 68, length); // the fixed part of a row; empty message, source and application, NULL properties
    }

    [Fact]
    public void Times_count_microseconds_from_2000_and_the_extremes_are_infinite()
    {
        Assert.Equal(0, LogCopyRows.ToPostgresTime(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(1_500_000, LogCopyRows.ToPostgresTime(new DateTimeOffset(2000, 1, 1, 1, 0, 1, 500, TimeSpan.FromHours(1))));
        Assert.Equal(long.MinValue, LogCopyRows.ToPostgresTime(default));
        Assert.Equal(long.MaxValue, LogCopyRows.ToPostgresTime(DateTimeOffset.MaxValue));
    }

    /// <summary>PostgreSQL's binary COPY rows, each a list of fields (null for NULL).</summary>
    private static List<byte[]?[]> ReadRows(ReadOnlySpan<byte> rows)
    {
        var result = new List<byte[]?[]>();
        while (!rows.IsEmpty)
        {
            var fields = new byte[]?[BinaryPrimitives.ReadInt16BigEndian(rows)];
            rows = rows[2..];
            for (var i = 0; i < fields.Length; i++)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(rows);
                rows = rows[4..];
                if (length < 0) continue;
                fields[i] = rows[..length].ToArray();
                rows = rows[length..];
            }
            result.Add(fields);
        }
        return result;
    }

    private static string Canonical(LogEvent log) => JsonSerializer.Serialize(log, ContractsJsonContext.Default.LogEvent);
}
