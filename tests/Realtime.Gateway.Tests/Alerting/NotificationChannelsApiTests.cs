using System.Net;
using System.Text.Json;
using LogPlatform.Contracts;
using LogPlatform.Notifications.Channels;
using Realtime.Gateway.Tests.Servers;
using static Realtime.Gateway.Tests.Alerting.AlertingJson;

namespace Realtime.Gateway.Tests.Alerting;

/// <summary>
/// <c>/api/v1/notification-channels</c> against the real PostgreSQL and Redis: what it stores is what the sender reads
/// (<see cref="PostgresChannelDirectory"/>), secrets never come back, and a test goes into the Redis outbox.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class NotificationChannelsApiTests(GatewayFixture servers)
{
    private const string Path = "/api/v1/notification-channels";

    private static string NewName(string kind) => $"{kind}-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_webhook_channel_round_trips_and_its_signing_key_is_stored_but_never_returned()
    {
        using var admin = GatewayFixture.CreateAdminClient(servers.Gateway);
        var name = NewName("webhook");
        const string signingKey = "whsec-do-not-show-0123456789";
        var (status, raw) = await RawAsync(admin, HttpMethod.Post, Path,
            new { name, kind = "webhook", url = "https://hooks.example.test/logplatform", secret = signingKey, system_alerts = "queue_backlog,store_errors" });
        Assert.Equal(HttpStatusCode.Created, status.StatusCode);
        Assert.DoesNotContain(signingKey, raw);
        var created = JsonDocument.Parse(raw).RootElement;
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"{Path}/{id}", status.Headers.Location!.OriginalString);
        Assert.Equal("webhook", created.GetProperty("kind").GetString());
        Assert.Equal("https://hooks.example.test/logplatform", created.GetProperty("url").GetString());
        Assert.True(created.GetProperty("secret_set").GetBoolean());
        Assert.True(created.GetProperty("enabled").GetBoolean());
        Assert.Equal("queue_backlog,store_errors", created.GetProperty("system_alerts").GetString());
        Assert.False(created.TryGetProperty("secret", out _));
        Assert.False(created.TryGetProperty("email", out _));

        // What the sender reads: the URL from the settings, the key from the secret.
        var directory = new PostgresChannelDirectory(servers.Database);
        var stored = await directory.FindAsync(id, CancellationToken.None);
        Assert.Equal(new Uri("https://hooks.example.test/logplatform"), stored!.Url);
        Assert.Equal(signingKey, stored.Secret);

        using var reader = GatewayFixture.CreateClient(servers.Gateway);
        var (_, one) = await RawAsync(reader, HttpMethod.Get, $"{Path}/{id}");
        Assert.DoesNotContain(signingKey, one);
        var (_, list) = await RawAsync(reader, HttpMethod.Get, Path);
        Assert.DoesNotContain(signingKey, list);
        Assert.Contains(JsonDocument.Parse(list).RootElement.GetProperty("channels").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);

        // A PUT without "secret" keeps the key; one with it replaces it.
        var updated = await ExpectAsync(HttpStatusCode.OK, admin, HttpMethod.Put, $"{Path}/{id}",
            new { name, kind = "webhook", url = "https://hooks.example.test/v2", enabled = false });
        Assert.Equal("https://hooks.example.test/v2", updated.GetProperty("url").GetString());
        Assert.False(updated.GetProperty("enabled").GetBoolean());
        Assert.True(updated.GetProperty("secret_set").GetBoolean());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("system_alerts").ValueKind);
        Assert.Equal(signingKey, (await directory.FindAsync(id, CancellationToken.None))!.Secret);
        await ExpectAsync(HttpStatusCode.OK, admin, HttpMethod.Put, $"{Path}/{id}", new { name, kind = "webhook", url = "https://hooks.example.test/v2", secret = "rotated" });
        Assert.Equal("rotated", (await directory.FindAsync(id, CancellationToken.None))!.Secret);

        await ExpectAsync(HttpStatusCode.NoContent, admin, HttpMethod.Delete, $"{Path}/{id}");
        await ExpectAsync(HttpStatusCode.NotFound, reader, HttpMethod.Get, $"{Path}/{id}");
        await ExpectAsync(HttpStatusCode.NotFound, admin, HttpMethod.Delete, $"{Path}/{id}");
        Assert.Null(await directory.FindAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task A_slack_url_is_the_secret_and_an_email_channel_stores_the_senders_settings()
    {
        using var admin = GatewayFixture.CreateAdminClient(servers.Gateway);
        const string slackUrl = "https://hooks.slack.test/services/T000/B000/XXXXSECRET";
        var (slackResponse, slackRaw) = await RawAsync(admin, HttpMethod.Post, Path, new { name = NewName("slack"), kind = "slack", secret = slackUrl });
        Assert.Equal(HttpStatusCode.Created, slackResponse.StatusCode);
        Assert.DoesNotContain("XXXXSECRET", slackRaw);
        var slack = JsonDocument.Parse(slackRaw).RootElement;
        Assert.False(slack.TryGetProperty("url", out _));
        Assert.True(slack.GetProperty("secret_set").GetBoolean());
        var directory = new PostgresChannelDirectory(servers.Database);
        Assert.Equal(new Uri(slackUrl), (await directory.FindAsync(slack.GetProperty("id").GetGuid(), CancellationToken.None))!.Url);

        var (emailResponse, emailRaw) = await RawAsync(admin, HttpMethod.Post, Path, new
        {
            name = NewName("email"), kind = "email", secret = "smtp-password-hidden",
            email = new { to = new[] { "oncall@example.test", "ops@example.test" }, from = "lp@example.test", host = "smtp.example.test", port = 587, username = "lp" },
        });
        Assert.Equal(HttpStatusCode.Created, emailResponse.StatusCode);
        Assert.DoesNotContain("smtp-password-hidden", emailRaw);
        var email = JsonDocument.Parse(emailRaw).RootElement;
        var shown = email.GetProperty("email");
        Assert.Equal(["oncall@example.test", "ops@example.test"], Strings(shown.GetProperty("to")));
        Assert.Equal(587, shown.GetProperty("port").GetInt32());
        var stored = await directory.FindAsync(email.GetProperty("id").GetGuid(), CancellationToken.None);
        Assert.Equal(new EmailSettings(["oncall@example.test", "ops@example.test"], "lp@example.test", "smtp.example.test", 587, "lp"),
            stored!.Email!, new EmailSettingsComparer());
        Assert.Equal("smtp-password-hidden", stored.Secret);
    }

    [Fact]
    public async Task An_invalid_channel_is_a_400_naming_the_field()
    {
        using var admin = GatewayFixture.CreateAdminClient(servers.Gateway);
        var problem = await ExpectInvalidAsync("url", admin, HttpMethod.Post, Path, new { name = NewName("webhook"), kind = "webhook", url = "/relative" });
        Assert.Equal("Invalid notification channel", problem.GetProperty("title").GetString());
        await ExpectInvalidAsync("url", admin, HttpMethod.Post, Path, new { name = NewName("webhook"), kind = "webhook", url = "ftp://files.example.test/x" });
        await ExpectInvalidAsync("kind", admin, HttpMethod.Post, Path, new { name = NewName("pager"), kind = "pager" });
        await ExpectInvalidAsync("name", admin, HttpMethod.Post, Path, new { kind = "webhook", url = "https://example.test" });
        await ExpectInvalidAsync("email.to", admin, HttpMethod.Post, Path,
            new { name = NewName("email"), kind = "email", email = new { to = Array.Empty<string>(), from = "lp@example.test", host = "smtp.example.test" } });
        await ExpectInvalidAsync("secret", admin, HttpMethod.Post, Path, new { name = NewName("discord"), kind = "discord" });
        await ExpectInvalidAsync("url", admin, HttpMethod.Post, Path, new { name = NewName("slack"), kind = "slack", url = "https://hooks.slack.test/x", secret = "https://hooks.slack.test/x" });
        await ExpectInvalidAsync("email.port", admin, HttpMethod.Post, Path, "{\"name\":\"x\",\"kind\":\"email\",\"email\":{\"port\":\"many\"}}");
        await ExpectInvalidAsync("body", admin, HttpMethod.Post, Path, "not json");

        var name = NewName("webhook");
        await ExpectAsync(HttpStatusCode.Created, admin, HttpMethod.Post, Path, new { name, kind = "webhook", url = "https://example.test/a" });
        var taken = await ExpectAsync(HttpStatusCode.Conflict, admin, HttpMethod.Post, Path, new { name, kind = "webhook", url = "https://example.test/b" });
        Assert.True(taken.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Changes_need_the_admin_key_and_reads_the_stream_token()
    {
        using var admin = GatewayFixture.CreateAdminClient(servers.Gateway);
        var channel = await ExpectAsync(HttpStatusCode.Created, admin, HttpMethod.Post, Path, new { name = NewName("webhook"), kind = "webhook", url = "https://example.test/hook" });
        var id = channel.GetProperty("id").GetGuid();
        var body = new { name = NewName("webhook"), kind = "webhook", url = "https://example.test/hook" };

        using var tokenOnly = GatewayFixture.CreateClient(servers.Gateway);
        using var wrongKey = GatewayFixture.CreateAdminClient(servers.Gateway, adminKey: "not-the-key");
        foreach (var client in new[] { tokenOnly, wrongKey })
        {
            await ExpectAsync(HttpStatusCode.Unauthorized, client, HttpMethod.Post, Path, body);
            await ExpectAsync(HttpStatusCode.Unauthorized, client, HttpMethod.Put, $"{Path}/{id}", body);
            await ExpectAsync(HttpStatusCode.Unauthorized, client, HttpMethod.Delete, $"{Path}/{id}");
            await ExpectAsync(HttpStatusCode.Unauthorized, client, HttpMethod.Post, $"{Path}/{id}/test");
        }
        await ExpectAsync(HttpStatusCode.OK, tokenOnly, HttpMethod.Get, $"{Path}/{id}");
        using var anonymous = GatewayFixture.CreateClient(servers.Gateway, token: null);
        anonymous.DefaultRequestHeaders.Add("X-Admin-Key", GatewayFixture.AdminKey);
        await ExpectAsync(HttpStatusCode.Unauthorized, anonymous, HttpMethod.Get, Path);
        await ExpectAsync(HttpStatusCode.Unauthorized, anonymous, HttpMethod.Post, Path, body);
        await ExpectAsync(HttpStatusCode.Unauthorized, anonymous, HttpMethod.Get, "/api/v1/notifications/dead");
    }

    [Fact]
    public async Task A_test_notification_is_queued_in_the_channels_outbox()
    {
        using var admin = GatewayFixture.CreateAdminClient(servers.Gateway);
        var channel = await ExpectAsync(HttpStatusCode.Created, admin, HttpMethod.Post, Path, new { name = NewName("webhook"), kind = "webhook", url = "https://example.test/hook" });
        var id = channel.GetProperty("id").GetGuid();

        var queued = await ExpectAsync(HttpStatusCode.Accepted, admin, HttpMethod.Post, $"{Path}/{id}/test");
        var deliveryId = queued.GetProperty("delivery_id").GetString();

        var db = servers.Redis.GetDatabase();
        var outbox = await db.ListRangeAsync(RedisNames.Notifications.OutboxPrefix + id);
        var delivery = JsonSerializer.Deserialize(Assert.Single(outbox).ToString(), ContractsJsonContext.Default.NotificationDelivery)!;
        Assert.Equal(deliveryId, delivery.DeliveryId);
        Assert.Equal(id.ToString(), delivery.ChannelId);
        Assert.Equal(AlertStates.Test, delivery.Notice.State);
        Assert.Contains(channel.GetProperty("name").GetString()!, delivery.Notice.Message);
        Assert.True(await db.SetContainsAsync(RedisNames.Notifications.ActiveChannels, id.ToString()));
        await ExpectAsync(HttpStatusCode.NotFound, admin, HttpMethod.Post, $"{Path}/{Guid.NewGuid()}/test");

        await db.KeyDeleteAsync(RedisNames.Notifications.OutboxPrefix + id);
        await db.SetRemoveAsync(RedisNames.Notifications.ActiveChannels, id.ToString());
    }

    [Fact]
    public async Task Dead_deliveries_are_listed_newest_first()
    {
        var db = servers.Redis.GetDatabase();
        await db.KeyDeleteAsync(RedisNames.Notifications.Dead);
        foreach (var error in new[] { "HTTP 500", "HTTP 404", "timed out" })
        {
            var delivery = new NotificationDelivery
            {
                DeliveryId = Guid.NewGuid().ToString("N"), ChannelId = Guid.NewGuid().ToString(), Attempts = 8, LastError = error,
                Notice = new AlertNotice { AlertId = "a", RuleId = "r", RuleName = "rule", State = AlertStates.Firing, Severity = "warning", Message = error },
            };
            await db.ListLeftPushAsync(RedisNames.Notifications.Dead, JsonSerializer.Serialize(delivery, ContractsJsonContext.Default.NotificationDelivery));
        }
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        var dead = await ExpectAsync(HttpStatusCode.OK, http, HttpMethod.Get, "/api/v1/notifications/dead?limit=2");
        Assert.Equal(["timed out", "HTTP 404"], dead.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("last_error").GetString()));
        await ExpectInvalidAsync("limit", http, HttpMethod.Get, "/api/v1/notifications/dead?limit=0", null!);
        await db.KeyDeleteAsync(RedisNames.Notifications.Dead);
    }

    private static async Task<(HttpResponseMessage Response, string Body)> RawAsync(HttpClient http, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body);
        var response = await http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private sealed class EmailSettingsComparer : IEqualityComparer<EmailSettings>
    {
        public bool Equals(EmailSettings? x, EmailSettings? y) => x is not null && y is not null && x.To.SequenceEqual(y.To)
            && (x.From, x.Host, x.Port, x.Username) == (y.From, y.Host, y.Port, y.Username);

        public int GetHashCode(EmailSettings obj) => obj.Host.GetHashCode(StringComparison.Ordinal);
    }
}
