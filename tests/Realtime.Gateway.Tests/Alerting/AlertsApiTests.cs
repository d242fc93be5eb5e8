using System.Net;
using Realtime.Gateway.Tests.Servers;
using static Realtime.Gateway.Tests.Alerting.AlertingJson;

namespace Realtime.Gateway.Tests.Alerting;

/// <summary><c>/api/v1/alerts</c> over incidents written to <c>alerts</c> as the evaluator writes them.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AlertsApiTests(GatewayFixture servers)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Incidents_are_listed_newest_first_and_filtered()
    {
        var rule = Guid.NewGuid();
        var other = Guid.NewGuid();
        var oldest = await AddAlertAsync(rule, "resolved", Now.AddHours(-3), group: "shop");
        var middle = await AddAlertAsync(rule, "firing", Now.AddHours(-2), group: "billing");
        var newest = await AddAlertAsync(rule, "resolved", Now.AddHours(-1));
        await AddAlertAsync(other, "firing", Now.AddMinutes(-30));
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        var all = await ExpectAsync(HttpStatusCode.OK, http, HttpMethod.Get, $"/api/v1/alerts?rule_id={rule}");
        Assert.Equal([newest, middle, oldest], Ids(all));
        var first = all.GetProperty("alerts")[1];
        Assert.Equal("billing", first.GetProperty("group").GetString());
        Assert.Equal("firing", first.GetProperty("state").GetString());
        Assert.Equal(12, first.GetProperty("value").GetDouble());
        Assert.Equal(rule, first.GetProperty("rule_id").GetGuid());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, first.GetProperty("acknowledged_by").ValueKind);

        Assert.Equal([middle], Ids(await ExpectAsync(HttpStatusCode.OK, http, HttpMethod.Get, $"/api/v1/alerts?rule_id={rule}&state=firing")));
        Assert.Equal([newest, oldest], Ids(await ExpectAsync(HttpStatusCode.OK, http, HttpMethod.Get, $"/api/v1/alerts?rule_id={rule}&state=resolved")));
        Assert.Equal([newest], Ids(await ExpectAsync(HttpStatusCode.OK, http, HttpMethod.Get, $"/api/v1/alerts?rule_id={rule}&limit=1")));
        var window = $"from={Uri.EscapeDataString(Now.AddHours(-2.5).ToString("O"))}&to={Uri.EscapeDataString(Now.AddMinutes(-90).ToString("O"))}";
        Assert.Equal([middle], Ids(await ExpectAsync(HttpStatusCode.OK, http, HttpMethod.Get, $"/api/v1/alerts?rule_id={rule}&{window}")));

        await ExpectInvalidAsync("state", http, HttpMethod.Get, "/api/v1/alerts?state=open", null!);
        await ExpectInvalidAsync("limit", http, HttpMethod.Get, "/api/v1/alerts?limit=0", null!);
        await ExpectInvalidAsync("rule_id", http, HttpMethod.Get, "/api/v1/alerts?rule_id=42", null!);
        await ExpectInvalidAsync("from", http, HttpMethod.Get, "/api/v1/alerts?from=yesterday", null!);
        await ExpectInvalidAsync("offset", http, HttpMethod.Get, "/api/v1/alerts?offset=10", null!);
        using var anonymous = GatewayFixture.CreateClient(servers.Gateway, token: null);
        await ExpectAsync(HttpStatusCode.Unauthorized, anonymous, HttpMethod.Get, "/api/v1/alerts");
    }

    [Fact]
    public async Task Acknowledging_records_who_and_when_and_needs_the_admin_key()
    {
        var id = await AddAlertAsync(Guid.NewGuid(), "firing", Now.AddMinutes(-5));
        using var reader = GatewayFixture.CreateClient(servers.Gateway);
        await ExpectAsync(HttpStatusCode.Unauthorized, reader, HttpMethod.Post, $"/api/v1/alerts/{id}/acknowledge", new { by = "mallory" });
        using var admin = GatewayFixture.CreateAdminClient(servers.Gateway);
        var problem = await ExpectInvalidAsync("by", admin, HttpMethod.Post, $"/api/v1/alerts/{id}/acknowledge", new { by = " " });
        Assert.Equal("Invalid acknowledgement", problem.GetProperty("title").GetString());
        await ExpectAsync(HttpStatusCode.NotFound, admin, HttpMethod.Post, $"/api/v1/alerts/{Guid.NewGuid()}/acknowledge", new { by = "alice" });

        var before = DateTimeOffset.UtcNow;
        var acknowledged = await ExpectAsync(HttpStatusCode.OK, admin, HttpMethod.Post, $"/api/v1/alerts/{id}/acknowledge", new { by = "alice" });
        var after = DateTimeOffset.UtcNow;
        Assert.Equal("alice", acknowledged.GetProperty("acknowledged_by").GetString());
        var at = acknowledged.GetProperty("acknowledged_at").GetDateTimeOffset();
        Assert.InRange(at, before.AddMilliseconds(-1), after.AddMilliseconds(1));

        await using var command = servers.Database.CreateCommand("SELECT acknowledged_by, acknowledged_at FROM alerts WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var row = await command.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.Equal("alice", row.GetString(0));
        Assert.InRange(row.GetFieldValue<DateTimeOffset>(1), before.AddMilliseconds(-1), after.AddMilliseconds(1));
        Assert.Equal("firing", (await ExpectAsync(HttpStatusCode.OK, reader, HttpMethod.Get, $"/api/v1/alerts?state=firing&limit=1000"))
            .GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == id).GetProperty("state").GetString());
    }

    private static Guid[] Ids(System.Text.Json.JsonElement list) => [.. list.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("id").GetGuid())];

    /// <summary>An incident as the evaluator stores it.</summary>
    private async Task<Guid> AddAlertAsync(Guid ruleId, string state, DateTimeOffset startedAt, string group = "")
    {
        var id = Guid.NewGuid();
        await using var command = servers.Database.CreateCommand("""
            INSERT INTO alerts (id, rule_id, rule_name, group_key, state, severity, message, value, threshold, started_at, notifications, resolved_at)
            VALUES (@id, @rule_id, 'Checkout errors', @group, @state, 'warning', '12 errors in 5 min', 12, 10, @started_at, 1, @resolved_at)
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("rule_id", ruleId);
        command.Parameters.AddWithValue("group", group);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("started_at", startedAt.ToUniversalTime());
        command.Parameters.AddWithValue("resolved_at", state == "resolved" ? startedAt.AddMinutes(10).ToUniversalTime() : DBNull.Value);
        await command.ExecuteNonQueryAsync();
        return id;
    }
}
