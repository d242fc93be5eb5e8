using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LogPlatform.Contracts;
using Npgsql;
using StackExchange.Redis;

namespace LoadGenerator;

/// <summary>
/// Mode <c>alert-latency</c>: the time from the log that trips a rule to the webhook receiving the notification, through the
/// whole running platform (ingest, stream, worker, commit, live feed, the analysis' evaluator, the outbox, the sender).
/// A local receiver (HttpListener on a free port) and one webhook channel; <c>--alerts</c> rules (default 20), each
/// <c>count_above 0</c> on its own marker text, inserted in PostgreSQL with a change message so the evaluator loads them.
/// One log per rule, a second apart; each latency is posted-to-received. Rules and channel are deleted at the end.
/// </summary>
public sealed class AlertLatency(BenchOptions options)
{
    public async Task RunAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new ConcurrentDictionary<string, DateTimeOffset>();
        var receiving = ReceiveAsync(listener, received, cancellationToken);

        var run = Guid.NewGuid().ToString("N")[..8];
        var application = "alert-latency-" + run;
        var channel = Guid.NewGuid();
        var rules = Enumerable.Range(0, options.Alerts).Select(_ => Guid.NewGuid()).ToArray();
        await ExecuteAsync(dataSource, "INSERT INTO notification_channels (id, name, kind, settings, enabled) VALUES ($1, $2, 'webhook', $3::jsonb, true)",
            channel, "alert-latency-" + run, JsonSerializer.Serialize(new { url = $"http://127.0.0.1:{port}/hook" }));
        for (var i = 0; i < rules.Length; i++)
        {
            await ExecuteAsync(dataSource, """
                INSERT INTO alert_rules (id, name, enabled, filter, condition, threshold, window_seconds, severity, channel_ids, repeat_interval_seconds, settle_seconds, version)
                VALUES ($1, $2, true, $3, 'count_above', 0, 60, 'warning', $4, 0, 0, 1)
                """, rules[i], $"latency {run} #{i}", $"application={application}&q=trip-{run}-{i}-", new[] { channel });
        }
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options.Redis);
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.AlertRulesChangedChannel), "bench");
        Console.WriteLine($"alert-latency: {rules.Length} rules on application {application}, receiver on :{port}; waiting 5 s for the evaluator to load them");
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);

        using var http = new HttpClient { BaseAddress = new Uri(options.IngestUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", options.ApiKey);
        var sent = new Dictionary<string, DateTimeOffset>();
        for (var i = 0; i < rules.Length; i++)
        {
            var body = JsonSerializer.Serialize(new { level = "error", application, source = "bench", message = $"checkout failed trip-{run}-{i}- order {i}" });
            sent[rules[i].ToString()] = DateTimeOffset.UtcNow;
            using var response = await http.PostAsync("/logs", new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
            response.EnsureSuccessStatusCode();
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
        var deadline = Stopwatch.StartNew();
        while (received.Count < rules.Length && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(100, cancellationToken);

        var latencies = sent.Where(s => received.ContainsKey(s.Key)).Select(s => (received[s.Key] - s.Value).TotalMilliseconds).Order().ToArray();
        if (latencies.Length > 0)
        {
            Console.WriteLine($"== alert-latency: {latencies.Length} of {rules.Length} notified; log posted -> webhook received: " +
                              $"median {latencies[latencies.Length / 2]:N0} ms, min {latencies[0]:N0} ms, max {latencies[^1]:N0} ms");
        }
        else
        {
            Console.WriteLine($"== alert-latency: none of {rules.Length} rules notified within 60 s (is the analysis service running?)");
        }

        await ExecuteAsync(dataSource, "DELETE FROM alert_rules WHERE id = ANY($1)", rules);
        await ExecuteAsync(dataSource, "DELETE FROM notification_channels WHERE id = $1", channel);
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisNames.AlertRulesChangedChannel), "bench");
        listener.Stop();
        try { await receiving; } catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException) { }
    }

    private static async Task ReceiveAsync(HttpListener listener, ConcurrentDictionary<string, DateTimeOffset> received, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && listener.IsListening)
        {
            var context = await listener.GetContextAsync();
            var at = DateTimeOffset.UtcNow;
            using (var body = JsonDocument.Parse(context.Request.InputStream))
            {
                var notice = body.RootElement.GetProperty("notice");
                if (notice.GetProperty("state").GetString() == AlertStates.Firing) received.TryAdd(notice.GetProperty("rule_id").GetString()!, at);
            }
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
