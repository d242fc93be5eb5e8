using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using LogPlatform.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Gateway.Compatibility;
using Realtime.Gateway.Streaming;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Compatibility;

/// <summary>The formats' frames, pure: the messages a WebSocket client gets and the events an SSE client reads.</summary>
public sealed class FormatTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 11, 16, 0, 0, TimeSpan.Zero);

    private static readonly LogEvent[] Logs =
    [
        TestLogs.Log("app", "first", source: "web", properties: """{"job_run_id":42,"task_run_id":"t-1","stream":"stderr","task_name":"fetch"}""") with { Id = 7 },
        TestLogs.Log("app", "second", LogSeverity.Warn) with { Id = 8 },
    ];

    [Fact]
    public void Native_batches_a_window_in_one_envelope_and_sends_one_sse_event_per_log()
    {
        var ws = NativeFormat.Instance.Logs(Logs, StreamProtocol.WebSocket, Now)!;
        var message = Assert.Single(Messages(ws));
        Assert.Equal("logs", message.GetProperty("type").GetString());
        Assert.Equal([7L, 8L], message.GetProperty("data").EnumerateArray().Select(l => l.GetProperty("id").GetInt64()));
        Assert.Equal(2, ws.LogCount);

        var sse = Encoding.UTF8.GetString(NativeFormat.Instance.Logs(Logs, StreamProtocol.Sse, Now)!.Bytes.Span);
        Assert.StartsWith("id: 7\nevent: log\ndata: {", sse);
        Assert.Contains("\n\nid: 8\nevent: log\ndata: {", sse);
        Assert.EndsWith("}\n\n", sse);
    }

    [Fact]
    public void Log_objects_are_one_bare_log_per_message_with_upper_case_levels()
    {
        var format = new LogObjectFormat();
        var frame = format.Logs(Logs, StreamProtocol.WebSocket, Now)!;
        var messages = Messages(frame);
        Assert.Equal(2, messages.Count);
        Assert.Equal(2, frame.LogCount);
        Assert.Equal(["id", "timestamp", "level", "source", "application", "message", "metadata"], messages[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("INFO", messages[0].GetProperty("level").GetString());
        Assert.Equal("WARN", messages[1].GetProperty("level").GetString());
        Assert.Equal(42, messages[0].GetProperty("metadata").GetProperty("job_run_id").GetInt32());
        Assert.Equal("pong", Encoding.UTF8.GetString(format.Pong(plainText: true, Now).Bytes.Span));
        Assert.Null(format.Connected(new StreamGreeting(1, StreamKind.Logs, LogFilter.All, format.Name, TimeSpan.FromSeconds(30), 512), Now));

        var notice = Assert.Single(Messages(format.Dropped(5, 9, null, StreamProtocol.WebSocket, Now)!));
        Assert.Equal("WARN", notice.GetProperty("level").GetString());
        Assert.Equal(5, notice.GetProperty("metadata").GetProperty("dropped").GetInt64());
    }

    [Fact]
    public void Job_logs_lift_the_job_properties_to_the_top_level_as_text()
    {
        var messages = Messages(new JobLogFormat().Logs(Logs, StreamProtocol.WebSocket, Now)!);
        Assert.Equal("42", messages[0].GetProperty("job_run_id").GetString()); // sent as a number, an id all the same
        Assert.Equal("t-1", messages[0].GetProperty("task_run_id").GetString());
        Assert.Equal("stderr", messages[0].GetProperty("stream").GetString());
        Assert.Equal("fetch", messages[0].GetProperty("task_name").GetString());
        Assert.Equal("info", messages[0].GetProperty("level").GetString());
        Assert.False(messages[1].TryGetProperty("job_run_id", out _));

        var sse = Encoding.UTF8.GetString(new JobLogFormat().Logs(Logs, StreamProtocol.Sse, Now)!.Bytes.Span);
        Assert.StartsWith("id: 7\nevent: log\ndata: {\"id\":7,", sse);
        var dropped = Assert.Single(Messages(new JobLogFormat().Dropped(3, 3, null, StreamProtocol.WebSocket, Now)!));
        Assert.Equal("system", dropped.GetProperty("stream").GetString());
    }

    [Fact]
    public void Flat_stats_keep_every_published_field_and_add_the_two_alias_names()
    {
        var published = new LiveStats { TotalMessages = 1234, MessagesPerSecond = 45.67, QueueDepth = 12, StoreErrors = 1, Timestamp = Now };
        var json = JsonSerializer.SerializeToUtf8Bytes(published, ContractsJsonContext.Default.LiveStats);
        var message = Assert.Single(Messages(new FlatStatsFormat().Stats(new LiveStatsUpdate(json, published, default), StreamProtocol.WebSocket, Now)!));
        using var original = JsonDocument.Parse(json);
        foreach (var field in original.RootElement.EnumerateObject()) Assert.True(JsonElement.DeepEquals(field.Value, message.GetProperty(field.Name)), field.Name);
        Assert.Equal(45.67, message.GetProperty("current_rps").GetDouble());
        Assert.Equal(12, message.GetProperty("queue_length").GetInt64());
        Assert.Null(new FlatStatsFormat().Logs(Logs, StreamProtocol.WebSocket, Now));
    }

    [Fact]
    public void Typed_events_send_a_log_update_per_log_and_hub_stats()
    {
        var format = new TypedEventFormat();
        var updates = Messages(format.Logs(Logs, StreamProtocol.WebSocket, Now)!);
        Assert.Equal(["log_update", "log_update"], updates.Select(m => m.GetProperty("type").GetString()));
        Assert.Equal("second", updates[1].GetProperty("data").GetProperty("log").GetProperty("message").GetString());

        var stats = new LiveStats { TotalMessages = 10_000 };
        var json = JsonSerializer.SerializeToUtf8Bytes(stats, ContractsJsonContext.Default.LiveStats);
        var update = Assert.Single(Messages(format.Stats(new LiveStatsUpdate(json, stats, new RecentActivitySnapshot(150, 10_000, 5)), StreamProtocol.WebSocket, Now)!));
        var figures = update.GetProperty("data").GetProperty("stats");
        Assert.Equal(10_000, figures.GetProperty("totalLogs").GetInt64());
        Assert.Equal(150, figures.GetProperty("anomalyCount").GetInt32());
        Assert.Equal(0.015, figures.GetProperty("anomalyRate").GetDouble());
        Assert.Equal(5, figures.GetProperty("activeServices").GetInt32());

        var alert = Alert("""{"kind":"system","code":"store_errors","severity":"critical","message":"PostgreSQL down"}""");
        var systemAlert = Assert.Single(Messages(format.Alert(alert, StreamProtocol.WebSocket, Now)!));
        Assert.Equal("store_errors", systemAlert.GetProperty("data").GetProperty("alertType").GetString());
    }

    [Fact]
    public void Scores_send_an_alert_beside_the_score_only_for_warning_and_critical_anomalies()
    {
        var format = new AnomalyScoreFormat();
        var anomaly = new Anomaly { Id = "a-1", Kind = AnomalyKinds.Silence, Score = 0.7, Severity = "warning", ExampleLogIds = [1, 2] };
        var live = new LiveAnomaly(JsonSerializer.SerializeToUtf8Bytes(anomaly, ContractsJsonContext.Default.Anomaly), anomaly);
        var messages = Messages(format.Anomaly(live, StreamProtocol.WebSocket, Now)!);
        Assert.Equal(["score", "alert"], messages.Select(m => m.GetProperty("type").GetString()));
        Assert.Equal("MEDIUM", messages[1].GetProperty("data").GetProperty("severity").GetString());

        var info = anomaly with { Severity = "info" };
        var quiet = Messages(format.Anomaly(new LiveAnomaly([], info), StreamProtocol.WebSocket, Now)!);
        Assert.Equal(["score"], quiet.Select(m => m.GetProperty("type").GetString()));
        Assert.Null(format.Logs(Logs, StreamProtocol.WebSocket, Now));
    }

    [Fact]
    public void A_path_sends_the_format_that_claims_it_unless_the_client_names_one()
    {
        var formats = new StreamFormats([new LogObjectFormat(), new FlatStatsFormat(), new TypedEventFormat(), new JobLogFormat(), new AnomalyScoreFormat()]);
        Assert.True(formats.TryResolve("/ws/logs", null, out var format));
        Assert.IsType<LogObjectFormat>(format);
        Assert.True(formats.TryResolve("/ws/logs", "native", out format));
        Assert.Same(NativeFormat.Instance, format);
        Assert.True(formats.TryResolve("/sse/logs", null, out format));
        Assert.Same(NativeFormat.Instance, format);
        Assert.False(formats.TryResolve("/ws", "xml", out _));
        Assert.Throws<InvalidOperationException>(() => new StreamFormats([new LogObjectFormat(), new LogObjectFormat()]));
    }

    [Fact]
    public void Clients_with_the_same_filter_and_format_share_one_frame_and_each_format_gets_its_own()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var registry = new ClientRegistry(TimeProvider.System, new GatewayMetrics(services.GetRequiredService<IMeterFactory>()), new RecentActivity(TimeProvider.System));
        var bare = new LogObjectFormat();
        var clients = new[]
        {
            new StreamClient(StreamProtocol.WebSocket, StreamKind.Logs, LogFilter.All, 16, TimeProvider.System, bare),
            new StreamClient(StreamProtocol.WebSocket, StreamKind.Logs, LogFilter.All, 16, TimeProvider.System, bare),
            new StreamClient(StreamProtocol.WebSocket, StreamKind.Logs, LogFilter.All, 16, TimeProvider.System),
            new StreamClient(StreamProtocol.WebSocket, StreamKind.Logs, LogFilter.All, 16, TimeProvider.System),
        };
        foreach (var client in clients) registry.Add(client);
        registry.PublishLogs([new LiveBatch(registry.NumberArrival(), Logs)]);

        var frames = clients.Select(c => Assert.Single(Drain(c))).ToArray();
        Assert.Same(frames[0], frames[1]);
        Assert.Same(frames[2], frames[3]);
        Assert.Equal(2, frames[0].MessageCount);
        Assert.Equal(1, frames[2].MessageCount);
    }

    private static List<OutgoingFrame> Drain(StreamClient client)
    {
        var frames = new List<OutgoingFrame>();
        while (client.Outgoing.TryRead(out var frame)) frames.Add(frame);
        return frames;
    }

    private static LiveAlert Alert(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new LiveAlert(Encoding.UTF8.GetBytes(json), json.Contains("\"system\""), document.RootElement.Clone());
    }

    private static List<JsonElement> Messages(OutgoingFrame frame) => Enumerable.Range(0, frame.MessageCount).Select(i =>
    {
        using var document = JsonDocument.Parse(frame.Message(i));
        return document.RootElement.Clone();
    }).ToList();
}
