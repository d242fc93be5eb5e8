using System.Net;
using System.Text.Json;
using Realtime.Gateway.Tests.Servers;
using static Realtime.Gateway.Tests.Alerting.AlertingJson;

namespace Realtime.Gateway.Tests.Alerting;

/// <summary><c>/api/v1/alert-rules</c>: CRUD with the rule model's validation, channels that must exist, state, and change notices.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AlertRulesApiTests(GatewayFixture servers)
{
    private const string Path = "/api/v1/alert-rules";

    private static object Rule(string name, IEnumerable<Guid>? channels = null, double threshold = 10) => new
    {
        name, filter = "application=shop&level=error", condition = "count_above", threshold, window_seconds = 300, severity = "critical",
        channel_ids = channels ?? [], repeat_interval_seconds = 3600, settle_seconds = 60, group_by = "application",
    };

    private static string NewName() => $"rule-{Guid.NewGuid():N}";

    private async Task<Guid> AddChannelAsync(HttpClient admin)
        => (await ExpectAsync(HttpStatusCode.Created, admin, HttpMethod.Post, "/api/v1/notification-channels",
            new { name = $"webhook-{Guid.NewGuid():N}", kind = "webhook", url = "https://example.test/hook" })).GetProperty("id").GetGuid();

    [Fact]
    public async Task A_rule_round_trips_with_its_version_bumped_and_every_change_announced()
    {
        using var admin = GatewayFixture.CreateAdminClient(servers.Gateway);
        var channel = await AddChannelAsync(admin);
        await using var changes = await RuleChangeListener.StartAsync(servers.Redis);
        var name = NewName();

        var (status, created) = await SendAsync(admin, HttpMethod.Post, Path, Rule(name, [channel]));
        Assert.Equal(HttpStatusCode.Created, status);
        var id = created.GetProperty("id").GetGuid();
        await changes.ExpectAsync(id);
        Assert.Equal(name, created.GetProperty("name").GetString());
        Assert.Equal("application=shop&level=error", created.GetProperty("filter").GetString());
        Assert.Equal("count_above", created.GetProperty("condition").GetString());
        Assert.Equal(10, created.GetProperty("threshold").GetDouble());
        Assert.Equal(300, created.GetProperty("window_seconds").GetInt32());
        Assert.Equal("critical", created.GetProperty("severity").GetString());
        Assert.Equal([channel], created.GetProperty("channel_ids").EnumerateArray().Select(c => c.GetGuid()));
        Assert.Equal("application", created.GetProperty("group_by").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("description").ValueKind);
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        Assert.Equal("ok", created.GetProperty("state").GetString());

        using var reader = GatewayFixture.CreateClient(servers.Gateway);
        var found = await ExpectAsync(HttpStatusCode.OK, reader, HttpMethod.Get, $"{Path}/{id}");
        Assert.Equal(created.GetProperty("created_at").GetDateTimeOffset(), found.GetProperty("created_at").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        var list = await ExpectAsync(HttpStatusCode.OK, reader, HttpMethod.Get, Path);
        Assert.Contains(list.GetProperty("rules").EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);

        var updated = await ExpectAsync(HttpStatusCode.OK, admin, HttpMethod.Put, $"{Path}/{id}", Rule(name, [channel], threshold: 25));
        await changes.ExpectAsync(id);
        Assert.Equal(25, updated.GetProperty("threshold").GetDouble());
        Assert.Equal(2, updated.GetProperty("version").GetInt32());
        Assert.Equal(2, (await ExpectAsync(HttpStatusCode.OK, reader, HttpMethod.Get, $"{Path}/{id}")).GetProperty("version").GetInt32());
        await ExpectAsync(HttpStatusCode.NotFound, admin, HttpMethod.Put, $"{Path}/{Guid.NewGuid()}", Rule(NewName()));

        // A channel a rule notifies cannot be deleted under it.
        await ExpectAsync(HttpStatusCode.Conflict, admin, HttpMethod.Delete, $"/api/v1/notification-channels/{channel}");

        // Deleting the rule deletes its silences.
        await ExpectAsync(HttpStatusCode.Created, admin, HttpMethod.Post, "/api/v1/alert-silences",
            new { rule_id = id, until = DateTimeOffset.UtcNow.AddHours(1), reason = "maintenance" });
        await changes.ExpectAsync(id);
        await ExpectAsync(HttpStatusCode.NoContent, admin, HttpMethod.Delete, $"{Path}/{id}");
        await changes.ExpectAsync(id);
        await ExpectAsync(HttpStatusCode.NotFound, reader, HttpMethod.Get, $"{Path}/{id}");
        await ExpectAsync(HttpStatusCode.NotFound, admin, HttpMethod.Delete, $"{Path}/{id}");
        await using var silences = servers.Database.CreateCommand("SELECT count(*) FROM alert_silences WHERE rule_id = @id");
        silences.Parameters.AddWithValue("id", id);
        Assert.Equal(0L, await silences.ExecuteScalarAsync());
        await ExpectAsync(HttpStatusCode.NoContent, admin, HttpMethod.Delete, $"/api/v1/notification-channels/{channel}");
    }

    [Fact]
    public async Task The_state_is_firing_with_a_firing_incident_and_silenced_with_a_silence_of_the_whole_rule()
    {
        using var admin = GatewayFixture.CreateAdminClient(servers.Gateway);
        using var reader = GatewayFixture.CreateClient(servers.Gateway);
        async Task<string> StateAsync(Guid id) => (await ExpectAsync(HttpStatusCode.OK, reader, HttpMethod.Get, $"{Path}/{id}")).GetProperty("state").GetString()!;
        var id = (await ExpectAsync(HttpStatusCode.Created, admin, HttpMethod.Post, Path, Rule(NewName()))).GetProperty("id").GetGuid();

        await ExpectAsync(HttpStatusCode.Created, admin, HttpMethod.Post, "/api/v1/alert-silences",
            new { rule_id = id, group = "shop", until = DateTimeOffset.UtcNow.AddHours(1), reason = "one group only" });
        Assert.Equal("ok", await StateAsync(id));
        await ExpectAsync(HttpStatusCode.Created, admin, HttpMethod.Post, "/api/v1/alert-silences",
            new { rule_id = id, until = DateTimeOffset.UtcNow.AddHours(1), reason = "the whole rule" });
        Assert.Equal("silenced", await StateAsync(id));

        await using var incident = servers.Database.CreateCommand("""
            INSERT INTO alerts (id, rule_id, rule_name, group_key, state, severity, message, value, threshold, started_at, notifications)
            VALUES (@id, @rule_id, 'r', 'billing', 'firing', 'warning', 'm', 12, 10, now(), 0)
            """);
        incident.Parameters.AddWithValue("id", Guid.NewGuid());
        incident.Parameters.AddWithValue("rule_id", id);
        await incident.ExecuteNonQueryAsync();
        Assert.Equal("firing", await StateAsync(id));
        var listed = (await ExpectAsync(HttpStatusCode.OK, reader, HttpMethod.Get, Path)).GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == id);
        Assert.Equal("firing", listed.GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_invalid_rule_is_a_400_naming_the_field()
    {
        using var admin = GatewayFixture.CreateAdminClient(servers.Gateway);
        var problem = await ExpectInvalidAsync("threshold", admin, HttpMethod.Post, Path, new { name = NewName(), condition = "count_above" });
        Assert.Equal("Invalid alert rule", problem.GetProperty("title").GetString());
        await ExpectInvalidAsync("window_seconds", admin, HttpMethod.Post, Path, new { name = NewName(), condition = "count_above", threshold = 1, window_seconds = 5 });
        await ExpectInvalidAsync("condition", admin, HttpMethod.Post, Path, new { name = NewName(), condition = "count_between", threshold = 1 });
        await ExpectInvalidAsync("filter.level", admin, HttpMethod.Post, Path, new { name = NewName(), filter = "level=loud", condition = "count_above", threshold = 1 });
        await ExpectInvalidAsync("name", admin, HttpMethod.Post, Path, new { condition = "count_above", threshold = 1 });
        await ExpectInvalidAsync("channel_ids", admin, HttpMethod.Post, Path, Rule(NewName(), [Guid.NewGuid()]));
        await ExpectInvalidAsync("threshold", admin, HttpMethod.Post, Path, "{\"name\":\"x\",\"condition\":\"count_above\",\"threshold\":\"ten\"}");

        var name = NewName();
        var id = (await ExpectAsync(HttpStatusCode.Created, admin, HttpMethod.Post, Path, Rule(name))).GetProperty("id").GetGuid();
        await ExpectInvalidAsync("window_seconds", admin, HttpMethod.Put, $"{Path}/{id}", new { name, condition = "count_above", threshold = 1, window_seconds = 100_000 });
        var taken = await ExpectAsync(HttpStatusCode.Conflict, admin, HttpMethod.Post, Path, Rule(name));
        Assert.True(taken.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Changes_need_the_admin_key()
    {
        using var admin = GatewayFixture.CreateAdminClient(servers.Gateway);
        var id = (await ExpectAsync(HttpStatusCode.Created, admin, HttpMethod.Post, Path, Rule(NewName()))).GetProperty("id").GetGuid();
        using var reader = GatewayFixture.CreateClient(servers.Gateway);
        var problem = await ExpectAsync(HttpStatusCode.Unauthorized, reader, HttpMethod.Post, Path, Rule(NewName()));
        Assert.Equal("Missing admin key", problem.GetProperty("title").GetString());
        await ExpectAsync(HttpStatusCode.Unauthorized, reader, HttpMethod.Put, $"{Path}/{id}", Rule(NewName()));
        await ExpectAsync(HttpStatusCode.Unauthorized, reader, HttpMethod.Delete, $"{Path}/{id}");
        await ExpectAsync(HttpStatusCode.OK, reader, HttpMethod.Get, $"{Path}/{id}");
        using var anonymous = GatewayFixture.CreateClient(servers.Gateway, token: null);
        await ExpectAsync(HttpStatusCode.Unauthorized, anonymous, HttpMethod.Get, Path);
    }
}
