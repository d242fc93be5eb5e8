using System.Net;
using LogPlatform.Alerting.Rules;
using LogPlatform.Storage.Alerting;
using Realtime.Gateway.Tests.Servers;
using static Realtime.Gateway.Tests.Alerting.AlertingJson;

namespace Realtime.Gateway.Tests.Alerting;

/// <summary><c>/api/v1/alert-silences</c>: checked, stored, listed while in force, and announced on <c>alert-rules:changed</c>.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AlertSilencesApiTests(GatewayFixture servers)
{
    private const string Path = "/api/v1/alert-silences";

    [Fact]
    public async Task A_silence_is_stored_listed_while_in_force_and_announced_on_every_change()
    {
        var ruleId = await AddRuleAsync(servers);
        await using var changes = await RuleChangeListener.StartAsync(servers.Redis);
        using var admin = GatewayFixture.CreateAdminClient(servers.Gateway);
        var until = DateTimeOffset.UtcNow.AddHours(1);

        var created = await ExpectAsync(HttpStatusCode.Created, admin, HttpMethod.Post, Path,
            new { rule_id = ruleId, group = "shop", until, reason = "deploying the shop", created_by = "alice" });
        await changes.ExpectAsync(ruleId);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(ruleId, created.GetProperty("rule_id").GetGuid());
        Assert.Equal("shop", created.GetProperty("group").GetString());
        Assert.Equal("deploying the shop", created.GetProperty("reason").GetString());
        Assert.Equal("alice", created.GetProperty("created_by").GetString());

        // An expired silence is listed only with all=true.
        var expired = new SilenceRow(Guid.NewGuid(), ruleId, null, DateTimeOffset.UtcNow.AddMinutes(-1), "over", "bob", DateTimeOffset.UtcNow.AddHours(-1));
        Assert.True(await new SilenceQueries(servers.Database).InsertAsync(expired, CancellationToken.None));
        using var reader = GatewayFixture.CreateClient(servers.Gateway);
        var active = SilenceIds(await ExpectAsync(HttpStatusCode.OK, reader, HttpMethod.Get, Path));
        Assert.Contains(id, active);
        Assert.DoesNotContain(expired.Id, active);
        Assert.Contains(expired.Id, SilenceIds(await ExpectAsync(HttpStatusCode.OK, reader, HttpMethod.Get, $"{Path}?all=true")));

        await ExpectAsync(HttpStatusCode.Unauthorized, reader, HttpMethod.Delete, $"{Path}/{id}");
        await ExpectAsync(HttpStatusCode.NoContent, admin, HttpMethod.Delete, $"{Path}/{id}");
        await changes.ExpectAsync(ruleId);
        Assert.DoesNotContain(id, SilenceIds(await ExpectAsync(HttpStatusCode.OK, reader, HttpMethod.Get, $"{Path}?all=true")));
        await ExpectAsync(HttpStatusCode.NotFound, admin, HttpMethod.Delete, $"{Path}/{id}");
    }

    [Fact]
    public async Task An_invalid_silence_is_a_400_naming_the_field_and_changes_need_the_admin_key()
    {
        var ruleId = await AddRuleAsync(servers);
        using var admin = GatewayFixture.CreateAdminClient(servers.Gateway);
        var future = DateTimeOffset.UtcNow.AddHours(1);
        var problem = await ExpectInvalidAsync("until", admin, HttpMethod.Post, Path, new { rule_id = ruleId, until = DateTimeOffset.UtcNow.AddMinutes(-5), reason = "late" });
        Assert.Equal("Invalid silence", problem.GetProperty("title").GetString());
        await ExpectInvalidAsync("reason", admin, HttpMethod.Post, Path, new { rule_id = ruleId, until = future });
        await ExpectInvalidAsync("rule_id", admin, HttpMethod.Post, Path, new { rule_id = Guid.NewGuid(), until = future, reason = "no such rule" });
        await ExpectInvalidAsync("rule_id", admin, HttpMethod.Post, Path, new { until = future, reason = "no rule" });
        await ExpectInvalidAsync("until", admin, HttpMethod.Post, Path, "{\"rule_id\":\"" + ruleId + "\",\"until\":\"tomorrow\",\"reason\":\"x\"}");
        await ExpectInvalidAsync("all", admin, HttpMethod.Get, $"{Path}?all=maybe", null!);

        using var reader = GatewayFixture.CreateClient(servers.Gateway);
        await ExpectAsync(HttpStatusCode.Unauthorized, reader, HttpMethod.Post, Path, new { rule_id = ruleId, until = future, reason = "no key" });
    }

    private static HashSet<Guid> SilenceIds(System.Text.Json.JsonElement list)
        => [.. list.GetProperty("silences").EnumerateArray().Select(s => s.GetProperty("id").GetGuid())];

    /// <summary>A rule stored as the rules API stores it.</summary>
    internal static async Task<Guid> AddRuleAsync(GatewayFixture servers)
    {
        var draft = new AlertRuleDraft { Name = $"rule-{Guid.NewGuid():N}", Filter = "level=error", Condition = "count_above", Threshold = 10 };
        Assert.True(AlertRule.TryCreate(Guid.NewGuid(), draft, 1, out var rule, out _));
        var written = await new AlertRuleQueries(servers.Database).InsertAsync(rule!, DateTimeOffset.UtcNow, CancellationToken.None);
        return written.Row!.Rule.Id;
    }
}
