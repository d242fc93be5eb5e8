using LogPlatform.Alerting.Evaluation;
using LogPlatform.Alerting.Rules;
using LogPlatform.Contracts;

namespace LogPlatform.Alerting.Tests.Evaluation;

public sealed class AlertEvaluatorTests
{
    private static AlertRule CountAbove(int threshold = 10, int window = 60, int repeat = 0, int settle = 30, string? groupBy = null, string filter = "")
        => RuleScenario.Rule(new AlertRuleDraft
        {
            Condition = "count_above", Threshold = threshold, WindowSeconds = window, RepeatIntervalSeconds = repeat, SettleSeconds = settle,
            GroupBy = groupBy, Filter = filter,
        });

    [Fact]
    public void Count_above_fires_once_while_it_lasts_and_resolves_after_the_settle_period()
    {
        var scenario = new RuleScenario(CountAbove(threshold: 10));
        scenario.Run(TimeSpan.FromSeconds(30), eachStep: () => scenario.Send(1)); // 6 logs in the minute: below
        Assert.Empty(scenario.Transitions);

        var burst = scenario.Run(TimeSpan.FromSeconds(60), eachStep: () => scenario.Send(5)); // 5 every 5 s: 60 a minute
        var firing = Assert.Single(burst);
        Assert.Equal(AlertStates.Firing, firing.State);
        Assert.True(firing.Notify);
        Assert.True(firing.Value > 10);
        Assert.Contains("more than 10", firing.Message);

        // Quiet: the window empties after a minute, then the settle period (30 s) must pass.
        var quiet = scenario.Run(TimeSpan.FromSeconds(120));
        var resolved = Assert.Single(quiet);
        Assert.Equal(AlertStates.Resolved, resolved.State);
        Assert.Equal(firing.IncidentId, resolved.IncidentId);
        Assert.Equal(firing.StartedAt, resolved.StartedAt);
        Assert.True(resolved.At - firing.At >= TimeSpan.FromSeconds(60 + 30 - 5), $"resolved after {resolved.At - firing.At}");
    }

    [Fact]
    public void A_brief_dip_inside_the_settle_period_does_not_resolve()
    {
        var scenario = new RuleScenario(CountAbove(threshold: 10, window: 10, settle: 60));
        scenario.Run(TimeSpan.FromSeconds(20), eachStep: () => scenario.Send(20));
        scenario.Run(TimeSpan.FromSeconds(30)); // clear for 20 s of the 60 s settle
        scenario.Run(TimeSpan.FromSeconds(20), eachStep: () => scenario.Send(20));
        Assert.Equal([AlertStates.Firing], scenario.States);
    }

    [Fact]
    public void A_firing_rule_repeats_only_after_its_repeat_interval()
    {
        var scenario = new RuleScenario(CountAbove(threshold: 1, window: 60, repeat: 120));
        scenario.Run(TimeSpan.FromSeconds(300), eachStep: () => scenario.Send(5));
        Assert.Equal([AlertStates.Firing, AlertStates.Repeat, AlertStates.Repeat], scenario.States);
        var times = scenario.Transitions.Select(t => t.At).ToList();
        Assert.Equal(TimeSpan.FromSeconds(120), times[1] - times[0]);
        Assert.Equal(TimeSpan.FromSeconds(120), times[2] - times[1]);
        Assert.Single(scenario.Transitions.Select(t => t.IncidentId).Distinct());
    }

    [Fact]
    public void Count_below_fires_on_silence_but_not_before_one_whole_window_was_seen()
    {
        var rule = RuleScenario.Rule(new AlertRuleDraft { Condition = "count_below", Threshold = 1, WindowSeconds = 600, SettleSeconds = 0 });
        var scenario = new RuleScenario(rule);
        scenario.Run(TimeSpan.FromSeconds(595)); // nothing at all, but the rule is not ten minutes old yet
        Assert.Empty(scenario.Transitions);
        var fired = Assert.Single(scenario.Run(TimeSpan.FromSeconds(10)));
        Assert.Equal(AlertStates.Firing, fired.State);
        Assert.Equal("no logs in 10 min", fired.Message);

        scenario.Send(1);
        var resolved = Assert.Single(scenario.Run(TimeSpan.FromSeconds(5)));
        Assert.Equal(AlertStates.Resolved, resolved.State);
    }

    [Fact]
    public void Count_below_per_group_watches_every_group_it_has_seen()
    {
        var rule = RuleScenario.Rule(new AlertRuleDraft { Condition = "count_below", Threshold = 1, WindowSeconds = 60, SettleSeconds = 0, GroupBy = "application" });
        var scenario = new RuleScenario(rule);
        scenario.Run(TimeSpan.FromSeconds(120), eachStep: () => { scenario.Send(1, "shop"); scenario.Send(1, "billing"); });
        Assert.Empty(scenario.Transitions);
        var transitions = scenario.Run(TimeSpan.FromSeconds(120), eachStep: () => scenario.Send(1, "shop")); // billing stops
        var fired = Assert.Single(transitions);
        Assert.Equal("billing", fired.Group);
    }

    [Fact]
    public void Grouping_fires_separately_per_application()
    {
        var scenario = new RuleScenario(CountAbove(threshold: 5, groupBy: "application"));
        scenario.Run(TimeSpan.FromSeconds(25), eachStep: () => { scenario.Send(3, "shop"); scenario.Send(1, "billing"); });
        var fired = Assert.Single(scenario.Transitions);
        Assert.Equal("shop", fired.Group);

        scenario.Run(TimeSpan.FromSeconds(30), eachStep: () => scenario.Send(3, "billing"));
        Assert.Equal(["shop", "billing"], scenario.Transitions.Where(t => t.State == AlertStates.Firing).Select(t => t.Group));
        Assert.Equal(2, scenario.Transitions.Select(t => t.IncidentId).Distinct().Count());
    }

    [Fact]
    public void The_filter_decides_what_counts()
    {
        var scenario = new RuleScenario(CountAbove(threshold: 2, filter: "application=shop&min_level=error"));
        scenario.Run(TimeSpan.FromSeconds(30), eachStep: () => { scenario.Send(10, "shop", LogSeverity.Info); scenario.Send(10, "billing", LogSeverity.Error); });
        Assert.Empty(scenario.Transitions);
        scenario.Send(3, "shop", LogSeverity.Error);
        Assert.Single(scenario.Run(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_silence_records_the_incident_without_notifying_and_notifies_when_it_ends_if_still_firing()
    {
        var rule = CountAbove(threshold: 1, groupBy: "application");
        var scenario = new RuleScenario(rule);
        scenario.Evaluator.SetSilences([new AlertSilence(rule.Id, "shop", RuleScenario.Start.AddSeconds(60))]);
        scenario.Run(TimeSpan.FromSeconds(30), eachStep: () => { scenario.Send(5, "shop"); scenario.Send(5, "billing"); });
        Assert.Equal(2, scenario.Transitions.Count);
        Assert.False(scenario.Transitions.Single(t => t.Group == "shop").Notify);
        Assert.True(scenario.Transitions.Single(t => t.Group == "billing").Notify);

        var after = scenario.Run(TimeSpan.FromSeconds(60), eachStep: () => scenario.Send(5, "shop"));
        var told = Assert.Single(after, t => t.Group == "shop");
        Assert.Equal(AlertStates.Firing, told.State);
        Assert.True(told.Notify);
        Assert.Equal(scenario.Transitions[0].Group == "shop" ? scenario.Transitions[0].IncidentId : scenario.Transitions[1].IncidentId, told.IncidentId);
    }

    [Fact]
    public void An_incident_that_resolves_under_its_silence_is_never_notified()
    {
        var rule = CountAbove(threshold: 1, window: 10, settle: 0);
        var scenario = new RuleScenario(rule);
        scenario.Evaluator.SetSilences([new AlertSilence(rule.Id, null, RuleScenario.Start.AddHours(1))]);
        scenario.Run(TimeSpan.FromSeconds(10), eachStep: () => scenario.Send(5));
        scenario.Run(TimeSpan.FromSeconds(30));
        Assert.Equal([AlertStates.Firing, AlertStates.Resolved], scenario.States);
        Assert.All(scenario.Transitions, t => Assert.False(t.Notify));
    }

    [Fact]
    public void Error_ratio_compares_errors_with_all_matching_logs()
    {
        var rule = RuleScenario.Rule(new AlertRuleDraft { Condition = "error_ratio_above", Threshold = 0.2, WindowSeconds = 60 });
        var scenario = new RuleScenario(rule);
        scenario.Run(TimeSpan.FromSeconds(60), eachStep: () => { scenario.Send(9); scenario.Send(1, level: LogSeverity.Error); }); // 10 %
        Assert.Empty(scenario.Transitions);
        var fired = Assert.Single(scenario.Run(TimeSpan.FromSeconds(60), eachStep: () => { scenario.Send(5); scenario.Send(5, level: LogSeverity.Fatal); }));
        Assert.True(fired.Value is > 0.2 and <= 0.5, $"ratio {fired.Value}");
        Assert.Contains("errors", fired.Message);
    }

    [Fact]
    public void New_pattern_fires_on_a_first_appearance_that_matches_the_filter()
    {
        var rule = RuleScenario.Rule(new AlertRuleDraft { Condition = "new_pattern", WindowSeconds = 60, SettleSeconds = 0, Filter = "min_level=warn" });
        var scenario = new RuleScenario(rule);
        scenario.Send(1, level: LogSeverity.Info, patternId: "0000000000000001", newPattern: true);
        scenario.Send(50, level: LogSeverity.Error, patternId: "0000000000000002", newPattern: false);
        Assert.Empty(scenario.Run(TimeSpan.FromSeconds(10)));
        scenario.Send(1, level: LogSeverity.Error, patternId: "0000000000000003", newPattern: true, message: "disk quota exceeded on /var");
        var fired = Assert.Single(scenario.Run(TimeSpan.FromSeconds(5)));
        Assert.Contains("disk quota exceeded", fired.Message);
        // It leaves the window after a minute and resolves.
        Assert.Equal(AlertStates.Resolved, Assert.Single(scenario.Run(TimeSpan.FromSeconds(70))).State);
    }

    [Fact]
    public void A_pattern_id_in_the_filter_matches_the_mined_pattern()
    {
        var scenario = new RuleScenario(CountAbove(threshold: 2, filter: "pattern=00000000000000aa"));
        scenario.Send(10, patternId: "00000000000000bb");
        Assert.Empty(scenario.Run(TimeSpan.FromSeconds(5)));
        scenario.Send(3, patternId: "00000000000000aa");
        Assert.Single(scenario.Run(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Anomaly_rules_take_the_kind_and_minimum_score()
    {
        var rule = RuleScenario.Rule(new AlertRuleDraft { Condition = "anomaly", AnomalyKind = "error_burst", Threshold = 0.8, WindowSeconds = 300, GroupBy = "application" });
        var scenario = new RuleScenario(rule);
        scenario.Evaluator.Observe(Anomaly("error_burst", 0.5, "shop"));
        scenario.Evaluator.Observe(Anomaly("rate_change", 0.99, "shop"));
        Assert.Empty(scenario.Run(TimeSpan.FromSeconds(5)));
        scenario.Evaluator.Observe(Anomaly("error_burst", 0.93, "billing"));
        var fired = Assert.Single(scenario.Run(TimeSpan.FromSeconds(5)));
        Assert.Equal("billing", fired.Group);
        Assert.Equal(0.93, fired.Value, 3);
        Assert.Contains("error_burst scored 0.93: 40 errors in a minute", fired.Message);

        Anomaly Anomaly(string kind, double score, string application) => new()
        {
            Id = Guid.NewGuid().ToString(), Kind = kind, Score = score, Severity = "high", Application = application,
            Reasons = ["40 errors in a minute"], DetectedAt = scenario.Clock.GetUtcNow(),
        };
    }

    [Fact]
    public void Changing_or_removing_a_rule_resolves_its_incidents_and_an_unchanged_reload_keeps_them()
    {
        var id = Guid.NewGuid();
        var rule = RuleScenario.Rule(new AlertRuleDraft { Condition = "count_above", Threshold = 1, WindowSeconds = 60 }, id, version: 1);
        var scenario = new RuleScenario(rule);
        scenario.Run(TimeSpan.FromSeconds(10), eachStep: () => scenario.Send(5));
        Assert.Equal([AlertStates.Firing], scenario.States);

        scenario.Evaluator.SetRules([rule]); // the same version: nothing happens
        scenario.Run(TimeSpan.FromSeconds(10), eachStep: () => scenario.Send(5));
        Assert.Equal([AlertStates.Firing], scenario.States);

        scenario.Evaluator.SetRules([]);
        var resolved = Assert.Single(scenario.Run(TimeSpan.FromSeconds(5)));
        Assert.Equal(AlertStates.Resolved, resolved.State);
        Assert.Contains("disabled or deleted", resolved.Message);
    }

    [Fact]
    public void A_restored_incident_is_not_fired_again()
    {
        var rule = CountAbove(threshold: 1, repeat: 0);
        var scenario = new RuleScenario(rule);
        var incident = Guid.NewGuid();
        scenario.Evaluator.Restore([new OpenIncident(incident, rule.Id, "", RuleScenario.Start.AddMinutes(-5), RuleScenario.Start.AddMinutes(-5))]);
        scenario.Run(TimeSpan.FromSeconds(30), eachStep: () => scenario.Send(5));
        Assert.Empty(scenario.Transitions);
        var resolved = Assert.Single(scenario.Run(TimeSpan.FromSeconds(120)));
        Assert.Equal(incident, resolved.IncidentId);
        Assert.Equal(AlertStates.Resolved, resolved.State);
    }

    [Fact]
    public void The_number_of_groups_is_bounded()
    {
        var scenario = new RuleScenario(CountAbove(threshold: 1000, groupBy: "application"));
        for (var i = 0; i < AlertEvaluator.MaxGroupsPerRule + 50; i++) scenario.Send(1, "app-" + i);
        Assert.Equal(50, scenario.Evaluator.GroupsRefused);
    }

    [Fact]
    public void A_notice_carries_the_rule_and_the_incident()
    {
        var rule = CountAbove(threshold: 1, filter: "application=shop") with { Severity = AlertSeverities.Critical };
        var scenario = new RuleScenario(rule);
        scenario.Send(3);
        var notice = Assert.Single(scenario.Run(TimeSpan.FromSeconds(5))).ToNotice();
        Assert.Equal("rule", notice.Kind);
        Assert.Equal(rule.Id.ToString(), notice.RuleId);
        Assert.Equal("critical", notice.Severity);
        Assert.Equal("application=shop", notice.Filter);
        Assert.Equal(AlertStates.Firing, notice.State);
        Assert.Null(notice.ResolvedAt);
    }
}
