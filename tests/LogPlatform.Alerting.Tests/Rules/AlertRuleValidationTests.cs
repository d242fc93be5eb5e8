using LogPlatform.Alerting.Rules;
using LogPlatform.Contracts;

namespace LogPlatform.Alerting.Tests.Rules;

public sealed class AlertRuleValidationTests
{
    private static readonly AlertRuleDraft Valid = new() { Name = "Checkout errors", Filter = "application=shop&min_level=error", Condition = "count_above", Threshold = 10 };

    [Fact]
    public void A_valid_draft_takes_the_defaults()
    {
        Assert.True(AlertRule.TryCreate(Guid.NewGuid(), Valid, 1, out var rule, out var errors), string.Join("; ", errors.Keys));
        Assert.Equal(AlertCondition.CountAbove, rule!.Condition);
        Assert.Equal(TimeSpan.FromMinutes(5), rule.Window);
        Assert.Equal(TimeSpan.FromHours(1), rule.RepeatInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), rule.Settle);
        Assert.Equal(AlertSeverities.Warning, rule.Severity);
        Assert.Equal("shop", rule.Filter.Application);
        Assert.Equal(LogSeverity.Error, rule.Filter.MinLevel);
        Assert.Equal(AlertGroupingKind.None, rule.Grouping.Kind);
    }

    [Theory]
    [InlineData("name", null, "count_above", 1.0, 300, null, null)]
    [InlineData("condition", "r", "count_sideways", 1.0, 300, null, null)]
    [InlineData("threshold", "r", "error_ratio_above", 1.5, 300, null, null)]
    [InlineData("threshold", "r", "count_below", 0.0, 300, null, null)]
    [InlineData("threshold", "r", "anomaly", 2.0, 300, null, null)]
    [InlineData("window_seconds", "r", "count_above", 1.0, 5, null, null)]
    [InlineData("group_by", "r", "count_above", 1.0, 300, "tenant", null)]
    [InlineData("filter.min_level", "r", "count_above", 1.0, 300, null, "min_level=loud")]
    [InlineData("filter.limit", "r", "count_above", 1.0, 300, null, "limit=5")]
    public void An_invalid_draft_names_the_field(string field, string? name, string condition, double threshold, int window, string? groupBy, string? filter)
    {
        var draft = new AlertRuleDraft { Name = name, Condition = condition, Threshold = threshold, WindowSeconds = window, GroupBy = groupBy, Filter = filter };
        Assert.False(AlertRule.TryCreate(Guid.NewGuid(), draft, 1, out var rule, out var errors));
        Assert.Null(rule);
        Assert.Contains(field, errors.Keys);
        Assert.All(errors.Values, messages => Assert.NotEmpty(messages[0]));
    }

    [Fact]
    public void Count_conditions_need_a_threshold()
    {
        Assert.False(AlertRule.TryCreate(Guid.NewGuid(), Valid with { Threshold = null }, 1, out _, out var errors));
        Assert.Equal(["threshold"], errors.Keys);
    }

    [Fact]
    public void Anomaly_kind_applies_only_to_anomaly_rules_and_must_be_known()
    {
        Assert.False(AlertRule.TryCreate(Guid.NewGuid(), Valid with { AnomalyKind = "error_burst" }, 1, out _, out var errors));
        Assert.Contains("anomaly_kind", errors.Keys);
        Assert.False(AlertRule.TryCreate(Guid.NewGuid(), Valid with { Condition = "anomaly", Threshold = 0.5, AnomalyKind = "sunspots" }, 1, out _, out errors));
        Assert.Contains("anomaly_kind", errors.Keys);
        Assert.True(AlertRule.TryCreate(Guid.NewGuid(), Valid with { Condition = "anomaly", Threshold = 0.5, AnomalyKind = "error_burst" }, 1, out _, out _));
    }

    [Fact]
    public void A_pattern_id_is_matched_by_id_and_a_template_by_the_message()
    {
        Assert.True(AlertRule.TryCreate(Guid.NewGuid(), Valid with { Filter = "pattern=00AB00CD00EF0012&application=shop" }, 1, out var byId, out _));
        Assert.Equal("00ab00cd00ef0012", byId!.PatternId);
        Assert.Null(byId.Filter.Pattern);
        Assert.Equal("shop", byId.Filter.Application);

        Assert.True(AlertRule.TryCreate(Guid.NewGuid(), Valid with { Filter = "pattern=payment+failed+for+order+<*>" }, 1, out var byTemplate, out _));
        Assert.Null(byTemplate!.PatternId);
        Assert.Equal("payment failed for order <*>", byTemplate.Filter.Pattern);
    }

    [Theory]
    [InlineData("application")]
    [InlineData("source")]
    [InlineData("level")]
    [InlineData("properties.job_run_id")]
    public void Grouping_keys_round_trip(string groupBy)
    {
        Assert.True(AlertRule.TryCreate(Guid.NewGuid(), Valid with { GroupBy = groupBy }, 1, out var rule, out _));
        Assert.Equal(groupBy, rule!.ToDraft().GroupBy);
    }

    [Fact]
    public void Repeat_is_never_or_at_least_a_minute()
    {
        Assert.True(AlertRule.TryCreate(Guid.NewGuid(), Valid with { RepeatIntervalSeconds = 0 }, 1, out var rule, out _));
        Assert.Equal(TimeSpan.Zero, rule!.RepeatInterval);
        Assert.False(AlertRule.TryCreate(Guid.NewGuid(), Valid with { RepeatIntervalSeconds = 5 }, 1, out _, out var errors));
        Assert.Equal(["repeat_interval_seconds"], errors.Keys);
    }
}
