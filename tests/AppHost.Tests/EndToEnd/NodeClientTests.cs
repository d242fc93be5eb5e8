using System.Text.Json;
using LogPlatform.Contracts;
using Npgsql;

namespace AppHost.Tests.EndToEnd;

/// <summary>
/// Real Node.js log clients (npm packages, unchanged) pointed at the running platform by a URL and a key: seq-logging (CLEF),
/// pino-loki (Loki JSON), winston-loki (Loki snappy protobuf) and OpenTelemetry JS's OTLP/HTTP exporter. Each logs four events
/// (info, warn, error with its exception, debug) with properties; the test finds them stored in PostgreSQL by the worker.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class NodeClientTests(PlatformFixture platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private sealed record StoredLog(LogSeverity Level, string Message, string Source, JsonElement Properties);

    // seq-logging 3.x posts Seq's older JSON envelope ({"Events":[...]}, application/json), not CLEF, to /api/events/raw.
    [Fact]
    public async Task Seq_logging_events_are_stored_with_rendered_templates_levels_properties_and_the_exception()
    {
        var logs = await RunClientAsync("seq-logging.mjs", "node-seq");

        Assert.Equal(["Order 42 paid 12.5 by \"ana\"", "Stock low for \"A-7\": 3 left", "Payment 9001 failed", "Cache warmed"],
            logs.Select(l => l.Message));
        Assert.Equal([LogSeverity.Info, LogSeverity.Warn, LogSeverity.Error, LogSeverity.Debug], logs.Select(l => l.Level));
        Assert.All(logs, l => Assert.Equal("node-seq-01", l.Source));
        Assert.All(logs, l => Assert.Equal("clef", Text(l.Properties, "ingest_protocol")));
        Assert.Equal("Order {OrderId} paid {Amount} by {Customer}", Text(logs[0].Properties, "message_template"));
        Assert.Equal(42, logs[0].Properties.GetProperty("OrderId").GetInt32());
        Assert.Equal("ana", Text(logs[0].Properties, "Customer"));
        Assert.Equal(3, logs[1].Properties.GetProperty("Left").GetInt32());
        Assert.StartsWith("Error: card declined", Text(logs[2].Properties, "exception"));
        Assert.Contains("seq-logging.mjs", Text(logs[2].Properties, "exception"));
    }

    [Fact]
    public async Task Pino_loki_lines_are_stored_with_the_fields_of_their_json_as_properties_and_pino_levels()
    {
        var logs = await RunClientAsync("pino-loki.js", "node-pino");

        Assert.Equal(["order paid", "stock low", "payment failed", "cache warmed"], logs.Select(l => Text(l.Properties, "msg")));
        Assert.All(logs, l => Assert.StartsWith("{", l.Message)); // pino-loki's line is pino's JSON, kept as Loki keeps it
        Assert.Equal([LogSeverity.Info, LogSeverity.Warn, LogSeverity.Error, LogSeverity.Debug], logs.Select(l => l.Level));
        Assert.All(logs, l => Assert.Equal("loki", Text(l.Properties, "ingest_protocol")));
        Assert.Equal(42, logs[0].Properties.GetProperty("orderId").GetInt32());
        Assert.Equal("ana", Text(logs[0].Properties, "customer"));
        Assert.Equal(3, logs[1].Properties.GetProperty("left").GetInt32());
        var error = logs[2].Properties.GetProperty("err");
        Assert.Equal("card declined", Text(error, "message"));
        Assert.Contains("pino-loki.js", Text(error, "stack"));
        Assert.Equal("node-pino-01", Text(logs[0].Properties.GetProperty("labels"), "hostname"));
    }

    [Fact]
    public async Task Winston_loki_protobuf_pushes_are_stored_with_labels_levels_and_json_fields()
    {
        var logs = await RunClientAsync("winston-loki.js", "node-winston");

        Assert.Equal(["order paid", "stock low", "payment failed", "cache warmed"], logs.Select(l => Text(l.Properties, "message")));
        Assert.Equal([LogSeverity.Info, LogSeverity.Warn, LogSeverity.Error, LogSeverity.Debug], logs.Select(l => l.Level));
        Assert.All(logs, l => Assert.Equal("node-winston-01", l.Source));
        Assert.All(logs, l => Assert.Equal("loki", Text(l.Properties, "ingest_protocol")));
        Assert.Equal(42, logs[0].Properties.GetProperty("orderId").GetInt32());
        Assert.Equal("A-7", Text(logs[1].Properties, "sku"));
        Assert.StartsWith("Error: card declined", Text(logs[2].Properties, "error"));
    }

    [Fact]
    public async Task OpenTelemetry_js_records_are_stored_with_severity_body_attributes_resource_and_scope()
    {
        var logs = await RunClientAsync("otel-otlp-http.js", "node-otel");

        Assert.Equal(["order paid", "stock low", "payment failed", "cache warmed"], logs.Select(l => l.Message));
        Assert.Equal([LogSeverity.Info, LogSeverity.Warn, LogSeverity.Error, LogSeverity.Debug], logs.Select(l => l.Level));
        Assert.All(logs, l => Assert.Equal("node-otel-01", l.Source));
        Assert.All(logs, l => Assert.Equal("otlp", Text(l.Properties, "ingest_protocol")));
        Assert.Equal(42, logs[0].Properties.GetProperty("attributes").GetProperty("order.id").GetInt32());
        Assert.Equal("ana", Text(logs[0].Properties.GetProperty("attributes"), "customer"));
        var failed = logs[2].Properties.GetProperty("attributes");
        Assert.Equal("card declined", Text(failed, "exception.message"));
        Assert.Contains("otel-otlp-http.js", Text(failed, "exception.stacktrace"));
        Assert.Equal("checkout.payments", Text(logs[0].Properties.GetProperty("scope"), "name"));
        Assert.Equal("node-otel-01", Text(logs[0].Properties.GetProperty("resource"), "service.instance.id"));
    }

    /// <summary>Runs one client script against the platform's ingest; returns its four logs as stored, in the order logged.</summary>
    private async Task<List<StoredLog>> RunClientAsync(string script, string prefix)
    {
        var application = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        var run = await NodeClientProject.RunAsync(script, new Dictionary<string, string>
        {
            ["LOGPLATFORM_URL"] = platform.App.GetEndpoint("ingest").ToString(),
            ["LOGPLATFORM_API_KEY"] = platform.IngestApiKey,
            ["LOGPLATFORM_APPLICATION"] = application,
        }, Patience);
        Assert.True(run.ExitCode == 0, $"node {script} exited with {run.ExitCode}:\n{run.Output}");

        var logs = await StoredAsync(application, expected: 4);
        Assert.True(logs.Count == 4, $"{script}: {logs.Count} logs of {application} stored, 4 expected. Output of the client:\n{run.Output}\n"
            + string.Join('\n', logs.Select(l => $"{l.Level} {l.Message} {l.Properties}")));
        return logs;
    }

    /// <summary>The logs of one application in PostgreSQL (in the order logged), once <paramref name="expected"/> are there or time is up.</summary>
    private async Task<List<StoredLog>> StoredAsync(string application, int expected)
    {
        await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync("logs"));
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var logs = new List<StoredLog>();
            await using (var query = new NpgsqlCommand(
                "SELECT level, message, source, properties::text FROM logs WHERE application = @a ORDER BY \"timestamp\", id", connection))
            {
                query.Parameters.AddWithValue("a", application);
                await using var row = await query.ExecuteReaderAsync();
                while (await row.ReadAsync())
                {
                    logs.Add(new StoredLog((LogSeverity)row.GetInt16(0), row.GetString(1), row.GetString(2),
                        JsonDocument.Parse(row.IsDBNull(3) ? "{}" : row.GetString(3)).RootElement.Clone()));
                }
            }
            // A moment more after the expected count: a duplicate would show up as a fifth row.
            if (logs.Count >= expected || DateTime.UtcNow > deadline)
            {
                if (logs.Count < expected) return logs;
                await Task.Delay(500);
                return logs.Count == expected ? await RecountAsync(application, connection, logs) : logs;
            }
            await Task.Delay(200);
        }
    }

    private static async Task<List<StoredLog>> RecountAsync(string application, NpgsqlConnection connection, List<StoredLog> logs)
    {
        await using var count = new NpgsqlCommand("SELECT count(*) FROM logs WHERE application = @a", connection);
        count.Parameters.AddWithValue("a", application);
        var rows = (long)(await count.ExecuteScalarAsync())!;
        Assert.True(rows == logs.Count, $"{rows} rows of {application}, {logs.Count} read before: stored more than once");
        return logs;
    }

    private static string Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText() : "";
}
