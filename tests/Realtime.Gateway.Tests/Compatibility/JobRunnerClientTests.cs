using System.Net;
using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Compatibility;

/// <summary>
/// The job runner's log viewer: <c>new WebSocket('ws://host/api/v1/logs/stream/ws?job_run_id=abc-123')</c> for one job run,
/// the same without <c>job_run_id</c> for all, and <c>new EventSource('/api/v1/logs/stream/sse?job_run_id=...')</c> with
/// <c>addEventListener('log', ...)</c>; every message one <c>LogMessage</c>.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class JobRunnerClientTests(GatewayFixture servers)
{
    [Fact]
    public async Task A_job_runs_stream_and_the_global_stream_send_bare_logs_with_the_job_fields_on_websocket_and_sse()
    {
        var run = $"run-{Guid.NewGuid():N}";
        var other = $"run-{Guid.NewGuid():N}";
        await using var scoped = await GatewayFixture.ConnectAsync(servers.Gateway, $"/api/v1/logs/stream/ws?job_run_id={run}");
        await using var global = await GatewayFixture.ConnectAsync(servers.Gateway, "/api/v1/logs/stream/ws");
        foreach (var socket in new[] { scoped, global })
        {
            await socket.SendAsync("ping");
            Assert.Equal("pong", await socket.NextTextAsync()); // registered, and no greeting before the logs
        }
        using var http = GatewayFixture.CreateClient(servers.Gateway); // the token as Authorization: Bearer
        using var sse = await SseStream.OpenAsync(http, $"/api/v1/logs/stream/sse?job_run_id={run}");
        Assert.Equal(HttpStatusCode.OK, sse.Response.StatusCode);
        Assert.Equal("text/event-stream", sse.Response.Content.Headers.ContentType?.MediaType);

        var application = TestLogs.NewApplication("seed4");
        var stored = await servers.StoreAndPublishAsync(
            TestLogs.Log(application, "Task started successfully", properties:
                $$"""{"job_run_id":"{{run}}","task_run_id":"def-456","stream":"stdout","task_name":"http_request_task"}"""),
            TestLogs.Log(application, "other job's output", LogSeverity.Error, properties: $$"""{"job_run_id":"{{other}}","stream":"stderr"}"""),
            TestLogs.Log(application, "Task execution completed successfully", properties: $$"""{"job_run_id":"{{run}}","task_run_id":"def-456","stream":"stdout"}"""));

        var first = await scoped.NextAsync();
        Assert.Equal(stored[0].Id, first.GetProperty("id").GetInt64());
        Assert.Equal(run, first.GetProperty("job_run_id").GetString());
        Assert.Equal("def-456", first.GetProperty("task_run_id").GetString());
        Assert.Equal("stdout", first.GetProperty("stream").GetString());
        Assert.Equal("http_request_task", first.GetProperty("task_name").GetString());
        Assert.Equal("info", first.GetProperty("level").GetString());
        Assert.Equal("Task started successfully", first.GetProperty("message").GetString());
        Assert.Equal(stored[0].Timestamp, first.GetProperty("timestamp").GetDateTimeOffset());
        var last = await scoped.NextAsync(); // the other run's log is not on this run's stream
        Assert.Equal(stored[2].Id, last.GetProperty("id").GetInt64());
        Assert.False(last.TryGetProperty("task_name", out _));

        var all = new List<JsonElement>();
        while (all.Count < 3)
        {
            var message = await global.NextAsync();
            if (message.GetProperty("message").GetString() is { } text && message.TryGetProperty("application", out var app) && app.GetString() == application) all.Add(message);
        }
        Assert.Equal(stored.Select(l => l.Id), all.Select(m => m.GetProperty("id").GetInt64()));
        Assert.Equal("stderr", all[1].GetProperty("stream").GetString());
        Assert.Equal("error", all[1].GetProperty("level").GetString());

        foreach (var expected in new[] { stored[0], stored[2] })
        {
            var logEvent = await sse.NextAsync();
            Assert.Equal("log", logEvent.Event);
            Assert.Equal(expected.Id.ToString(), logEvent.Id);
            using var data = JsonDocument.Parse(logEvent.Data!);
            Assert.Equal(run, data.RootElement.GetProperty("job_run_id").GetString());
            Assert.Equal(expected.Message, data.RootElement.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task The_job_streams_require_the_stream_token()
    {
        using var anonymous = GatewayFixture.CreateClient(servers.Gateway, token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/logs/stream/sse")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/logs/stream/ws")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/streaming/ws")).StatusCode);
    }
}
