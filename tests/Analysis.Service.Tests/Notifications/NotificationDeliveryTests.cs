using System.Diagnostics.Metrics;
using System.Text.Json;
using Analysis.Service.Tests.Servers;
using LogPlatform.Contracts;
using LogPlatform.Notifications.Channels;
using LogPlatform.Notifications.Outbox;
using LogPlatform.Notifications.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Analysis.Service.Tests.Notifications;

/// <summary>
/// The outbox and its sender against a real Redis, channels in a real PostgreSQL, and a real HTTP receiver: retries until the
/// receiver takes it, Retry-After, a sender stopped mid-request (another one delivers), and the dead state.
/// </summary>
public sealed class NotificationDeliveryTests(AnalysisServers servers) : IClassFixture<AnalysisServers>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly IMeterFactory Meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
    private const string Secret = "test-signing-key";

    [Fact]
    public async Task A_failing_receiver_gets_the_notification_once_accepted_with_one_signed_idempotency_key()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (number, context) => { context.Response.StatusCode = number <= 2 ? 500 : 200; return Task.CompletedTask; };
        var channel = await AddChannelAsync(ChannelKinds.Webhook, receiver.Url);

        await using var sender = await StartSenderAsync();
        var deliveryId = await Outbox().EnqueueAsync(channel, Notice("checkout errors"), CancellationToken.None);
        await receiver.WaitForAsync(3, Patience);
        await WaitUntilAsync(async () => await InFlightAndQueuedAsync(channel) == 0);

        var requests = receiver.Requests.ToArray();
        Assert.All(requests, r => Assert.Equal(deliveryId, r.Headers["Idempotency-Key"]));
        Assert.All(requests, r => Assert.True(WebhookSignature.Verify(Secret, long.Parse(r.Headers[WebhookSignature.TimestampHeader]), r.Body,
            r.Headers[WebhookSignature.SignatureHeader]), "signature"));
        using var body = JsonDocument.Parse(requests[^1].Body);
        Assert.Equal("alert.firing", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("checkout errors", body.RootElement.GetProperty("notice").GetProperty("rule_name").GetString());
        // Accepted on the third: nothing more is sent.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(3, receiver.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_from_the_receiver_is_waited_for()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (number, context) =>
        {
            if (number == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "3";
            }
            return Task.CompletedTask;
        };
        var channel = await AddChannelAsync(ChannelKinds.Webhook, receiver.Url);
        await using var sender = await StartSenderAsync();
        await Outbox().EnqueueAsync(channel, Notice("rate limited"), CancellationToken.None);

        await receiver.WaitForAsync(2, Patience);
        var requests = receiver.Requests.ToArray();
        // The back-off alone would be 50..100 ms here; the receiver asked for 3 s.
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(2.9), $"retried after {(requests[1].At - requests[0].At).TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task A_sender_stopped_mid_request_loses_nothing_another_sender_delivers_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var firstArrived = new TaskCompletionSource();
        receiver.Respond = async (number, context) =>
        {
            if (number == 1)
            {
                firstArrived.TrySetResult();
                // Held until the sender is gone: it never hears the answer.
                try { await Task.Delay(Timeout.Infinite, context.RequestAborted); } catch (OperationCanceledException) { }
            }
        };
        var channel = await AddChannelAsync(ChannelKinds.Webhook, receiver.Url);

        var first = await StartSenderAsync(requestTimeout: TimeSpan.FromMinutes(2), expiry: TimeSpan.FromMinutes(3));
        var deliveryId = await Outbox().EnqueueAsync(channel, Notice("mid-request"), CancellationToken.None);
        await firstArrived.Task.WaitAsync(Patience);
        Assert.Equal(1, await servers.Redis.GetDatabase().ListLengthAsync(RedisNames.Notifications.InFlightPrefix + first.Sender.InstanceId));
        await first.KillAsync();

        // A second sender takes over once the first one's heartbeat is older than its expiry.
        await using var second = await StartSenderAsync(expiry: TimeSpan.FromSeconds(3));
        await receiver.WaitForAsync(2, Patience);
        await WaitUntilAsync(async () => await InFlightAndQueuedAsync(channel) == 0
            && await servers.Redis.GetDatabase().ListLengthAsync(RedisNames.Notifications.InFlightPrefix + first.Sender.InstanceId) == 0);
        Assert.All(receiver.Requests, r => Assert.Equal(deliveryId, r.Headers["Idempotency-Key"]));
    }

    [Fact]
    public async Task A_delivery_that_fails_every_attempt_goes_dead_with_its_error_and_a_system_alert()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, context) => { context.Response.StatusCode = 503; return Task.CompletedTask; };
        var channel = await AddChannelAsync(ChannelKinds.Webhook, receiver.Url);
        var alerts = await servers.Redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RedisNames.LiveAlertsChannel));

        await using var sender = await StartSenderAsync(maxAttempts: 3);
        var deliveryId = await Outbox().EnqueueAsync(channel, Notice("always down"), CancellationToken.None);

        var alert = await NextSystemAlertAsync(alerts, NotificationSender.FailingAlertCode);
        Assert.Equal("warning", alert.Severity);
        Assert.Equal(3, receiver.Requests.Count);
        var dead = await DeadAsync(deliveryId);
        Assert.Equal(3, dead.Attempts);
        Assert.Contains("503", dead.LastError);
    }

    [Fact]
    public async Task A_receiver_refusing_the_request_and_a_deleted_channel_go_dead_at_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, context) => { context.Response.StatusCode = 404; return Task.CompletedTask; };
        var refusing = await AddChannelAsync(ChannelKinds.Webhook, receiver.Url);
        await using var sender = await StartSenderAsync();

        var refused = await Outbox().EnqueueAsync(refusing, Notice("wrong url"), CancellationToken.None);
        var orphan = await Outbox().EnqueueAsync(Guid.NewGuid(), Notice("no channel"), CancellationToken.None);

        var refusedDead = await DeadAsync(refused);
        Assert.Equal(1, refusedDead.Attempts);
        Assert.Contains("404", refusedDead.LastError);
        Assert.Contains("no longer exists", (await DeadAsync(orphan)).LastError);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task Slack_and_discord_channels_get_their_own_message_formats()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var slack = await AddChannelAsync(ChannelKinds.Slack, receiver.Url);
        var discord = await AddChannelAsync(ChannelKinds.Discord, receiver.Url);
        await using var sender = await StartSenderAsync();

        await Outbox().EnqueueAsync(slack, Notice("to slack"), CancellationToken.None);
        await Outbox().EnqueueAsync(discord, Notice("to discord"), CancellationToken.None);
        await receiver.WaitForAsync(2, Patience);

        var bodies = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToArray();
        var slackBody = Assert.Single(bodies, b => b.TryGetProperty("blocks", out _));
        Assert.Contains("to slack", slackBody.GetProperty("text").GetString());
        var discordBody = Assert.Single(bodies, b => b.TryGetProperty("embeds", out _));
        Assert.Equal("to discord", discordBody.GetProperty("embeds")[0].GetProperty("title").GetString());
        // No signature: Slack's and Discord's URLs are their credential.
        Assert.All(receiver.Requests, r => Assert.False(r.Headers.ContainsKey(WebhookSignature.SignatureHeader)));
    }

    [Fact]
    public async Task An_email_channel_delivers_to_a_real_smtp_server_with_the_subject_and_the_figures()
    {
        await using var smtp = await SmtpServer.StartAsync();
        var channel = await AddChannelAsync(ChannelKinds.Email, null, JsonSerializer.Serialize(new
        {
            to = new[] { "ops@example.com" }, from = "logplatform@example.com", host = "127.0.0.1", port = smtp.Port,
        }));
        await using var sender = await StartSenderAsync();

        var deliveryId = await Outbox().EnqueueAsync(channel, Notice("mail rule"), CancellationToken.None);

        var message = await smtp.WaitForAsync("12 logs in 1 min (threshold 10)", Patience);
        Assert.Contains("Subject: [LogPlatform] FIRING warning: mail rule", message);
        Assert.Contains("To: ops@example.com", message);
        Assert.Contains($"Message-Id: <{deliveryId}@logplatform>", message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Filter:    level=error", message);
        await WaitUntilAsync(async () => await InFlightAndQueuedAsync(channel) == 0);
    }

    private RedisNotificationOutbox Outbox() => new(servers.Redis, TimeProvider.System);

    private static AlertNotice Notice(string rule) => new()
    {
        AlertId = Guid.NewGuid().ToString(),
        RuleId = Guid.NewGuid().ToString(),
        RuleName = rule,
        State = AlertStates.Firing,
        Severity = "warning",
        Message = "12 logs in 1 min (threshold 10)",
        Value = 12,
        Threshold = 10,
        Filter = "level=error",
        StartedAt = DateTimeOffset.UtcNow,
        Timestamp = DateTimeOffset.UtcNow,
    };

    private async Task<Guid> AddChannelAsync(string kind, Uri? url, string? settings = null)
    {
        var id = Guid.NewGuid();
        await using var command = servers.Database.CreateCommand(
            "INSERT INTO notification_channels (id, name, kind, settings, secret, enabled) VALUES (@id, @name, @kind, @settings::jsonb, @secret, true)");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("name", $"{kind}-{id:N}");
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("settings", settings ?? (kind == ChannelKinds.Webhook ? JsonSerializer.Serialize(new { url = url!.ToString() }) : "{}"));
        command.Parameters.AddWithValue("secret", kind == ChannelKinds.Webhook ? Secret : url?.ToString() ?? (object)DBNull.Value);
        await command.ExecuteNonQueryAsync();
        return id;
    }

    private async Task<RunningSender> StartSenderAsync(int maxAttempts = 8, TimeSpan? requestTimeout = null, TimeSpan? expiry = null)
    {
        var options = new NotificationOptions
        {
            MaxAttempts = maxAttempts,
            BaseDelay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(5),
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(1),
            PollInterval = TimeSpan.FromMilliseconds(100),
            SenderExpiry = expiry ?? TimeSpan.FromSeconds(30),
        };
        var http = new HttpClient();
        var sender = new NotificationSender(servers.Redis, new PostgresChannelDirectory(servers.Database), new ChannelPoster(http, TimeProvider.System), new EmailSender(),
            Options.Create(options), TimeProvider.System, Meters, NullLogger<NotificationSender>.Instance);
        await sender.StartAsync(CancellationToken.None);
        return new RunningSender(sender, http);
    }

    /// <summary>A sender the test can stop the hard way: cancelled mid-request, no chance to finish what it holds.</summary>
    private sealed record RunningSender(NotificationSender Sender, HttpClient Http) : IAsyncDisposable
    {
        public async Task KillAsync()
        {
            using var now = new CancellationTokenSource();
            await now.CancelAsync();
            try { await Sender.StopAsync(now.Token); } catch (OperationCanceledException) { }
            Http.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            await Sender.StopAsync(CancellationToken.None);
            Sender.Dispose();
            Http.Dispose();
        }
    }

    private async Task<long> InFlightAndQueuedAsync(Guid channel)
    {
        var db = servers.Redis.GetDatabase();
        return await db.ListLengthAsync(RedisNames.Notifications.OutboxPrefix + channel)
               + (await db.SortedSetRangeByScoreAsync(RedisNames.Notifications.RetrySchedule)).Count(m => m.ToString().Contains(channel.ToString()));
    }

    private async Task<NotificationDelivery> DeadAsync(string deliveryId)
    {
        NotificationDelivery? found = null;
        await WaitUntilAsync(async () =>
        {
            foreach (var item in await servers.Redis.GetDatabase().ListRangeAsync(RedisNames.Notifications.Dead))
            {
                var delivery = JsonSerializer.Deserialize((byte[])item!, ContractsJsonContext.Default.NotificationDelivery);
                if (delivery?.DeliveryId == deliveryId) { found = delivery; return true; }
            }
            return false;
        });
        return found!;
    }

    private static async Task<SystemAlert> NextSystemAlertAsync(ChannelMessageQueue alerts, string code)
    {
        using var limit = new CancellationTokenSource(Patience);
        while (true)
        {
            var message = await alerts.ReadAsync(limit.Token);
            var alert = JsonSerializer.Deserialize((byte[])message.Message!, ContractsJsonContext.Default.SystemAlert);
            if (alert?.Code == code) return alert;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The condition did not hold within " + Patience.TotalSeconds + " s.");
            await Task.Delay(100);
        }
    }
}
