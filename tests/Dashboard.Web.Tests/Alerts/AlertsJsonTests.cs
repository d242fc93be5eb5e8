using System.Net;
using System.Text;
using System.Text.Json;
using Dashboard.Web.Alerts;

namespace Dashboard.Web.Tests.Alerts;

/// <summary>The alerting API's wire shapes (docs: notes/alerting-api.md) read into the dashboard's records and written back.</summary>
public class AlertsJsonTests
{
    private static readonly AlertsJsonContext Json = AlertsJsonContext.Default;

    [Fact]
    public void A_rule_list_reads_every_field_and_the_state()
    {
        const string wire = """
            {"rules":[{"id":"6f1c2b9e-1d2a-4c3b-9e8f-0a1b2c3d4e5f","name":"Checkout errors","description":null,"enabled":true,
              "filter":"application=shop&level=error","condition":"count_above","threshold":10,"window_seconds":300,"anomaly_kind":null,
              "severity":"warning","channel_ids":["0b8e5f3a-7c6d-4e2f-8a9b-1c2d3e4f5a6b"],"repeat_interval_seconds":3600,"settle_seconds":60,
              "group_by":"application","version":3,"created_at":"2026-12-03T09:00:00Z","updated_at":"2026-12-03T09:30:00+00:00","state":"firing"}]}
            """;

        var rule = Assert.Single(JsonSerializer.Deserialize(wire, Json.AlertRuleList)!.Rules);

        Assert.Equal(Guid.Parse("6f1c2b9e-1d2a-4c3b-9e8f-0a1b2c3d4e5f"), rule.Id);
        Assert.Equal("Checkout errors", rule.Name);
        Assert.Equal("application=shop&level=error", rule.Filter);
        Assert.Equal("count_above", rule.Condition);
        Assert.Equal(10, rule.Threshold);
        Assert.Equal(300, rule.WindowSeconds);
        Assert.Null(rule.AnomalyKind);
        Assert.Equal([Guid.Parse("0b8e5f3a-7c6d-4e2f-8a9b-1c2d3e4f5a6b")], rule.ChannelIds);
        Assert.Equal(3600, rule.RepeatIntervalSeconds);
        Assert.Equal(60, rule.SettleSeconds);
        Assert.Equal("application", rule.GroupBy);
        Assert.Equal(3, rule.Version);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 9, 30, 0, TimeSpan.Zero), rule.UpdatedAt);
        Assert.Equal("firing", rule.State);
    }

    [Fact]
    public void A_draft_is_written_in_snake_case_without_its_nulls_and_reads_back_equal()
    {
        var draft = new AlertRuleDraft
        {
            Name = "Quiet shop", Filter = "application=shop", Condition = "count_below", Threshold = 1, WindowSeconds = 600,
            Severity = "critical", ChannelIds = [Guid.Parse("0b8e5f3a-7c6d-4e2f-8a9b-1c2d3e4f5a6b")], RepeatIntervalSeconds = 0, SettleSeconds = 30,
            GroupBy = "properties.job_run_id",
        };

        var text = JsonSerializer.Serialize(draft, Json.AlertRuleDraft);
        using var written = JsonDocument.Parse(text);

        Assert.Equal(
            ["name", "enabled", "filter", "condition", "threshold", "window_seconds", "severity", "channel_ids", "repeat_interval_seconds", "settle_seconds", "group_by"],
            written.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, written.RootElement.GetProperty("repeat_interval_seconds").GetInt32());
        var back = JsonSerializer.Deserialize(text, Json.AlertRuleDraft)!;
        Assert.Equal(draft with { ChannelIds = [] }, back with { ChannelIds = [] });
        Assert.Equal(draft.ChannelIds, back.ChannelIds);
    }

    [Fact]
    public void A_saved_rule_turns_into_the_draft_a_put_sends()
    {
        var rule = new AlertRule
        {
            Id = Guid.NewGuid(), Name = "n", Filter = "level=error", Condition = "anomaly", Threshold = 0.7, WindowSeconds = 120, AnomalyKind = "error_burst",
            Severity = "info", RepeatIntervalSeconds = 60, SettleSeconds = 0, Version = 4, State = "silenced", Enabled = false,
        };

        var draft = rule.ToDraft();

        Assert.Equal(new AlertRuleDraft
        {
            Name = "n", Filter = "level=error", Condition = "anomaly", Threshold = 0.7, WindowSeconds = 120, AnomalyKind = "error_burst",
            Severity = "info", RepeatIntervalSeconds = 60, SettleSeconds = 0, Enabled = false, ChannelIds = rule.ChannelIds,
        }, draft);
    }

    [Fact]
    public void A_backtest_reads_its_count_and_firings()
    {
        const string wire = """
            {"fired":2,"window_start":"2026-12-02T10:00:00Z","window_end":"2026-12-03T10:00:00Z","firing_now":true,"evaluations":288,
             "firings":[{"group":"shop","started_at":"2026-12-03T08:00:00Z","resolved_at":"2026-12-03T08:10:00Z","value":12,"message":"12 logs"},
                        {"group":"","started_at":"2026-12-03T09:55:00Z","resolved_at":null,"value":15,"message":"15 logs"}]}
            """;

        var result = JsonSerializer.Deserialize(wire, Json.RuleTestResult)!;

        Assert.Equal(2, result.Fired);
        Assert.True(result.FiringNow);
        Assert.Equal(288, result.Evaluations);
        Assert.Equal(["shop", ""], result.Firings.Select(f => f.Group));
        Assert.Null(result.Firings[1].ResolvedAt);
        Assert.Equal(12, result.Firings[0].Value);
    }

    [Fact]
    public void Incidents_read_their_acknowledgement_and_an_acknowledge_body_is_by()
    {
        const string wire = """
            {"alerts":[{"id":"11111111-2222-3333-4444-555555555555","rule_id":"6f1c2b9e-1d2a-4c3b-9e8f-0a1b2c3d4e5f","rule_name":"Checkout errors",
              "group":"shop","state":"firing","severity":"critical","message":"12 logs in 300 s (more than 10)","value":12,"threshold":10,
              "started_at":"2026-12-03T09:00:00Z","last_notified_at":"2026-12-03T09:00:01Z","notifications":1,"resolved_at":null,
              "acknowledged_by":"alice","acknowledged_at":"2026-12-03T09:05:00Z"}]}
            """;

        var incident = Assert.Single(JsonSerializer.Deserialize(wire, Json.IncidentList)!.Alerts);

        Assert.Equal("Checkout errors", incident.RuleName);
        Assert.Equal("shop", incident.Group);
        Assert.Equal("firing", incident.State);
        Assert.Equal(1, incident.Notifications);
        Assert.Null(incident.ResolvedAt);
        Assert.Equal("alice", incident.AcknowledgedBy);
        Assert.Equal("""{"by":"bob"}""", JsonSerializer.Serialize(new AcknowledgeRequest("bob"), Json.AcknowledgeRequest));
    }

    [Fact]
    public void A_silence_is_written_with_its_rule_group_until_and_reason()
    {
        var until = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        var text = JsonSerializer.Serialize(new SilenceDraft(Guid.Parse("6f1c2b9e-1d2a-4c3b-9e8f-0a1b2c3d4e5f"), null, until, "deploy", "alice"), Json.SilenceDraft);

        Assert.Equal("""{"rule_id":"6f1c2b9e-1d2a-4c3b-9e8f-0a1b2c3d4e5f","until":"2026-12-03T12:00:00+00:00","reason":"deploy","created_by":"alice"}""", text);
        var silence = Assert.Single(JsonSerializer.Deserialize("""
            {"silences":[{"id":"11111111-2222-3333-4444-555555555555","rule_id":"6f1c2b9e-1d2a-4c3b-9e8f-0a1b2c3d4e5f","group":"shop",
              "until":"2026-12-03T12:00:00Z","reason":"deploy","created_by":"alice","created_at":"2026-12-03T09:00:00Z"}]}
            """, Json.SilenceList)!.Silences);
        Assert.Equal(("shop", until, "deploy"), (silence.Group, silence.Until, silence.Reason));
    }

    [Fact]
    public void Channels_read_without_their_secret_and_a_draft_sends_it_only_when_given()
    {
        const string wire = """
            {"channels":[
              {"id":"0b8e5f3a-7c6d-4e2f-8a9b-1c2d3e4f5a6b","name":"ops hook","kind":"webhook","enabled":true,"url":"https://hooks.example/lp",
               "email":null,"system_alerts":"*","secret_set":true,"created_at":"2026-12-03T09:00:00Z","updated_at":"2026-12-03T09:00:00Z"},
              {"id":"1b8e5f3a-7c6d-4e2f-8a9b-1c2d3e4f5a6b","name":"mail","kind":"email","enabled":false,"url":null,
               "email":{"to":["a@b.example"],"from":"lp@x.example","host":"smtp","port":587,"username":null},"system_alerts":null,"secret_set":false,
               "created_at":"2026-12-03T09:00:00Z","updated_at":"2026-12-03T09:00:00Z"}]}
            """;

        var channels = JsonSerializer.Deserialize(wire, Json.ChannelList)!.Channels;

        Assert.Equal(("webhook", "https://hooks.example/lp", "*", true), (channels[0].Kind, channels[0].Url, channels[0].SystemAlerts, channels[0].SecretSet));
        Assert.Equal(["a@b.example"], channels[1].Email!.To);
        Assert.Equal((587, "smtp", false), (channels[1].Email!.Port, channels[1].Email!.Host, channels[1].Enabled));

        var keep = JsonSerializer.Serialize(new ChannelDraft { Name = "ops hook", Url = "https://hooks.example/lp" }, Json.ChannelDraft);
        Assert.Equal("""{"name":"ops hook","kind":"webhook","enabled":true,"url":"https://hooks.example/lp"}""", keep);
        var email = JsonSerializer.Serialize(new ChannelDraft
        {
            Name = "mail", Kind = "email", Email = new ChannelEmailSettings(["a@b.example"], "lp@x.example", "smtp", 587), Secret = "pw",
        }, Json.ChannelDraft);
        Assert.Equal("""{"name":"mail","kind":"email","enabled":true,"email":{"to":["a@b.example"],"from":"lp@x.example","host":"smtp","port":587},"secret":"pw"}""", email);
    }

    [Fact]
    public void Dead_deliveries_and_a_channel_test_read_the_shared_contract()
    {
        const string wire = """
            {"deliveries":[{"delivery_id":"d1","channel_id":"0b8e5f3a-7c6d-4e2f-8a9b-1c2d3e4f5a6b","attempts":8,"created_at":"2026-12-03T09:00:00Z",
              "last_error":"503 Service Unavailable","notice":{"kind":"rule","alert_id":"a1","rule_id":"r1","rule_name":"Checkout errors","group":"",
              "state":"firing","severity":"warning","message":"12 logs","value":12,"threshold":10,"started_at":"2026-12-03T09:00:00Z"}}]}
            """;

        var dead = Assert.Single(JsonSerializer.Deserialize(wire, Json.DeadDeliveryList)!.Deliveries);

        Assert.Equal(("d1", 8, "503 Service Unavailable"), (dead.DeliveryId, dead.Attempts, dead.LastError));
        Assert.Equal("Checkout errors", dead.Notice.RuleName);
        Assert.Equal("d9", JsonSerializer.Deserialize("""{"delivery_id":"d9"}""", Json.ChannelTestResult)!.DeliveryId);
    }

    [Fact]
    public async Task A_validation_problem_names_each_field_and_sub_fields_go_to_their_parent()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent("""
                {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Invalid alert rule","status":400,
                 "errors":{"threshold":["is required: a number of logs in the window."],"filter.level":["'loud' is not a level."],"bogus":["x"]}}
                """, Encoding.UTF8, "application/problem+json"),
        };

        var problem = await AlertsApiClient.ProblemAsync(response, CancellationToken.None);

        Assert.Equal(400, problem.Status);
        Assert.Equal(["is required: a number of logs in the window."], problem.For("threshold"));
        Assert.Equal(["filter.level: 'loud' is not a level."], problem.For("filter"));
        Assert.Empty(problem.For("name"));
        Assert.Equal("Invalid alert rule bogus: x", problem.Summary(["threshold", "filter", "name"]));
    }

    [Fact]
    public async Task A_refusal_without_problem_details_says_the_status()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("no key") };

        var problem = await AlertsApiClient.ProblemAsync(response, CancellationToken.None);

        Assert.Equal(401, problem.Status);
        Assert.Contains("admin key", problem.Title);
        Assert.Empty(problem.Errors);
    }
}
