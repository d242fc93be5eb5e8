using System.Diagnostics;
using System.Text.Json;
using Analysis.Service.Tests.Notifications;
using Analysis.Service.Tests.Servers;
using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Analysis.Service.Tests.Alerting;

/// <summary>
/// A rule in PostgreSQL, the analysis service as its own process, a real webhook receiver: logs that trip the rule reach the
/// receiver as one signed <c>alert.firing</c> notification, the incident is recorded, and when the logs stop it resolves.
/// </summary>
public sealed class AlertRuleDeliveryTests(AnalysisServers servers) : IClassFixture<AnalysisServers>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly (string, string)[] FastAlerting =
        [("Alerting:EvaluationInterval", "00:00:00.200"), ("Alerting:ReloadInterval", "00:00:30"), ("Notifications:PollInterval", "00:00:00.100")];

    [Fact]
    public async Task A_rule_created_while_running_fires_once_notifies_and_resolves()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var application = AnalysisLogs.NewApplication("alerting");
        var channel = await InsertWebhookAsync(receiver.Url);
        await using var analysis = servers.StartAnalysis(FastAlerting);
        Assert.True(await AnalysisServers.EventuallyAsync(async () => await servers.LeaderProcessIdAsync() == analysis.ProcessId, Timeout),
            "the instance never took the lease:\n" + analysis.Output);

        // Created after the start: the change message makes the evaluator reload.
        var rule = await InsertRuleAsync($"errors of {application}", $"application={application}&min_level=error", "count_above", 5, window: 10, settle: 1, channel);
        await servers.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.AlertRulesChangedChannel), rule.ToString());
        await Task.Delay(1000);

        await servers.StoreAndPublishAsync(ErrorLogs(application, 3)); // 3: below the threshold
        await Task.Delay(1000);
        Assert.Empty(receiver.Requests);
        var tripped = Stopwatch.StartNew();
        await servers.StoreAndPublishAsync(ErrorLogs(application, 5));
        await receiver.WaitForAsync(1, Timeout);
        var firing = ReadNotice(receiver.Requests.First(), out var type);
        Assert.Equal("alert.firing", type);
        Assert.Equal(rule.ToString(), firing.RuleId);
        Assert.Equal(AlertStates.Firing, firing.State);
        Assert.Equal(8, firing.Value);
        Assert.Contains("8 logs in 10 s (more than 5)", firing.Message);
        Assert.True(receiver.Requests.First().Headers.ContainsKey("Idempotency-Key"));
        Assert.Equal((AlertStates.Firing, 1), await IncidentAsync(rule));
        Console.WriteLine($"log that trips the rule -> webhook: {tripped.ElapsedMilliseconds} ms");

        // Quiet: the 10 s window empties, the 1 s settle passes, and the resolved notice follows, once.
        await receiver.WaitForAsync(2, Timeout);
        var resolved = ReadNotice(receiver.Requests.Last(), out type);
        Assert.Equal("alert.resolved", type);
        Assert.Equal(firing.AlertId, resolved.AlertId);
        Assert.NotNull(resolved.ResolvedAt);
        Assert.Equal((AlertStates.Resolved, 2), await IncidentAsync(rule));
        await Task.Delay(1500);
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Fact]
    public async Task A_silenced_rule_records_the_incident_without_notifying()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var application = AnalysisLogs.NewApplication("silenced");
        var channel = await InsertWebhookAsync(receiver.Url);
        var rule = await InsertRuleAsync($"silenced {application}", $"application={application}", "count_above", 1, window: 30, settle: 60, channel);
        await using (var command = servers.Database.CreateCommand(
            "INSERT INTO alert_silences (id, rule_id, group_key, until, reason, created_by) VALUES (gen_random_uuid(), $1, NULL, now() + interval '1 hour', 'deploy', 'test')"))
        {
            command.Parameters.Add(new() { Value = rule });
            await command.ExecuteNonQueryAsync();
        }
        await using var analysis = servers.StartAnalysis(FastAlerting);
        Assert.True(await AnalysisServers.EventuallyAsync(async () => await servers.LeaderProcessIdAsync() == analysis.ProcessId, Timeout),
            "the instance never took the lease:\n" + analysis.Output);
        await Task.Delay(500);
        await servers.StoreAndPublishAsync(ErrorLogs(application, 5));
        Assert.True(await AnalysisServers.EventuallyAsync(async () => (await IncidentAsync(rule)).State == AlertStates.Firing, Timeout),
            "no incident was recorded:\n" + analysis.Output);
        await Task.Delay(1000);
        Assert.Empty(receiver.Requests);
        Assert.Equal((AlertStates.Firing, 0), await IncidentAsync(rule));
    }

    [Fact]
    public async Task System_alerts_go_to_the_channels_that_ask_for_their_code_once_a_minute_at_most()
    {
        await using var routed = await WebhookReceiver.StartAsync();
        await using var other = await WebhookReceiver.StartAsync();
        await InsertWebhookAsync(routed.Url, systemAlerts: "queue_backlog, store_errors");
        await InsertWebhookAsync(other.Url, systemAlerts: "analysis_lagging");
        await using var analysis = servers.StartAnalysis(FastAlerting);
        Assert.True(await AnalysisServers.EventuallyAsync(async () => await servers.LeaderProcessIdAsync() == analysis.ProcessId, Timeout),
            "the instance never took the lease:\n" + analysis.Output);
        await Task.Delay(1000);

        var alert = new SystemAlert { Code = "queue_backlog", Severity = "warning", Message = "12,000 logs wait to be stored", Value = 12_000, Timestamp = DateTimeOffset.UtcNow };
        var json = JsonSerializer.SerializeToUtf8Bytes(alert, ContractsJsonContext.Default.SystemAlert);
        await servers.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.LiveAlertsChannel), json);
        await routed.WaitForAsync(1, Timeout);
        var notice = ReadNotice(routed.Requests.First(), out var type);
        Assert.Equal("system_alert", type);
        Assert.Equal(AlertStates.System, notice.State);
        Assert.Equal("12,000 logs wait to be stored", notice.Message);

        await servers.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.LiveAlertsChannel), json); // again within the minute
        await Task.Delay(1500);
        Assert.Single(routed.Requests);
        Assert.Empty(other.Requests);
    }

    private static LogEvent[] ErrorLogs(string application, int count) => [.. AnalysisLogs.Batch(application, count * 4)
        .Where(l => l.Level == LogSeverity.Error).Take(count)];

    private static AlertNotice ReadNotice(WebhookReceiver.Request request, out string type)
    {
        using var body = JsonDocument.Parse(request.Body);
        type = body.RootElement.GetProperty("type").GetString()!;
        return body.RootElement.GetProperty("notice").Deserialize(ContractsJsonContext.Default.AlertNotice)!;
    }

    private async Task<Guid> InsertWebhookAsync(Uri url, string? systemAlerts = null)
    {
        var id = Guid.NewGuid();
        await using var command = servers.Database.CreateCommand(
            "INSERT INTO notification_channels (id, name, kind, settings, secret, enabled, system_alerts) VALUES ($1, $2, 'webhook', $3::jsonb, 'signing-key', true, $4)");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = $"hook-{id:N}" });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(new { url = url.ToString() }) });
        command.Parameters.Add(new() { Value = (object?)systemAlerts ?? DBNull.Value });
        await command.ExecuteNonQueryAsync();
        return id;
    }

    private async Task<Guid> InsertRuleAsync(string name, string filter, string condition, double threshold, int window, int settle, Guid channel)
    {
        var id = Guid.NewGuid();
        await using var command = servers.Database.CreateCommand("""
            INSERT INTO alert_rules (id, name, enabled, filter, condition, threshold, window_seconds, severity, channel_ids, repeat_interval_seconds, settle_seconds, version)
            VALUES ($1, $2, true, $3, $4, $5, $6, 'critical', $7, 0, $8, 1)
            """);
        foreach (var value in new object[] { id, name, filter, condition, threshold, window, new[] { channel }, settle }) command.Parameters.Add(new() { Value = value });
        await command.ExecuteNonQueryAsync();
        return id;
    }

    private async Task<(string State, int Notifications)> IncidentAsync(Guid rule)
    {
        await using var command = servers.Database.CreateCommand("SELECT state, notifications FROM alerts WHERE rule_id = $1 ORDER BY started_at DESC LIMIT 1");
        command.Parameters.Add(new() { Value = rule });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.GetInt32(1)) : ("", 0);
    }
}
