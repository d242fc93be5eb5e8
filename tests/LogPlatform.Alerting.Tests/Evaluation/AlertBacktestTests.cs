using LogPlatform.Alerting.Evaluation;
using LogPlatform.Alerting.Rules;

namespace LogPlatform.Alerting.Tests.Evaluation;

public sealed class AlertBacktestTests
{
    private static readonly DateTimeOffset From = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Two_bursts_in_a_day_fire_twice_and_each_resolves()
    {
        var rule = RuleScenario.Rule(new AlertRuleDraft { Condition = "count_above", Threshold = 100, WindowSeconds = 300, SettleSeconds = 60 });
        var bucket = AlertBacktest.BucketFor(rule); // 5 s
        var points = new List<BacktestPoint>();
        for (var at = From; at < From.AddDays(1); at += bucket)
        {
            var hour = (at - From).TotalHours;
            var burst = hour is >= 3 and < 3.25 || hour is >= 15 and < 15.1;
            points.Add(new BacktestPoint(at, "", burst ? 20 : 1, 0)); // 60 per 5 min steady, 1,200 in a burst
        }
        var result = AlertBacktest.Run(rule, points, From, From.AddDays(1));
        Assert.Equal(2, result.Fired);
        Assert.All(result.Firings, f => Assert.NotNull(f.ResolvedAt));
        Assert.InRange(result.Firings[0].StartedAt, From.AddHours(3), From.AddHours(3).AddMinutes(2));
        Assert.InRange(result.Firings[1].StartedAt, From.AddHours(15), From.AddHours(15).AddMinutes(2));
        Assert.False(result.FiringNow);
        Assert.Equal(17_280, result.Evaluations);
    }

    [Fact]
    public void A_rule_that_never_trips_fires_zero_times()
    {
        var rule = RuleScenario.Rule(new AlertRuleDraft { Condition = "count_above", Threshold = 1_000_000, WindowSeconds = 600 });
        var points = Enumerable.Range(0, 1440).Select(m => new BacktestPoint(From.AddMinutes(m), "", 500, 3));
        Assert.Equal(0, AlertBacktest.Run(rule, points, From, From.AddDays(1)).Fired);
    }

    [Fact]
    public void Absence_is_found_in_the_past_too_and_can_still_be_firing_at_the_end()
    {
        var rule = RuleScenario.Rule(new AlertRuleDraft { Condition = "count_below", Threshold = 1, WindowSeconds = 600, GroupBy = "application" });
        // shop logs every minute until 20:00, then stops.
        var points = Enumerable.Range(0, 20 * 60).Select(m => new BacktestPoint(From.AddMinutes(m), "shop", 1, 0));
        var result = AlertBacktest.Run(rule, points, From, From.AddDays(1));
        var firing = Assert.Single(result.Firings);
        Assert.Equal("shop", firing.Group);
        Assert.InRange(firing.StartedAt, From.AddHours(20).AddMinutes(9), From.AddHours(20).AddMinutes(11));
        Assert.Null(firing.ResolvedAt);
        Assert.True(result.FiringNow);
    }

    [Fact]
    public void Past_the_listed_firings_the_count_goes_on_and_firing_now_stays_true_only_for_an_open_incident()
    {
        var rule = RuleScenario.Rule(new AlertRuleDraft { Condition = "count_above", Threshold = 0, WindowSeconds = 10, SettleSeconds = 0 });
        // A log every 30 s for 2 hours: an incident every 30 s, each resolved 10 s later: 240 in all.
        var points = Enumerable.Range(0, 240).Select(i => new BacktestPoint(From.AddSeconds(30 * i), "", 1, 0));
        var result = AlertBacktest.Run(rule, points, From, From.AddHours(3));
        Assert.Equal(240, result.Fired);
        Assert.Equal(BacktestResult.MaxFirings, result.Firings.Count);
        Assert.False(result.FiringNow);
    }
}
