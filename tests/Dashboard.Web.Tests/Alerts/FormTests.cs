using Dashboard.Web.Alerts;

namespace Dashboard.Web.Tests.Alerts;

/// <summary>What the editors send: blanks become absent fields, fields of another kind are left out, a blank secret is kept.</summary>
public class FormTests
{
    [Fact]
    public void A_rule_form_drops_the_anomaly_kind_of_a_count_rule_and_blank_optional_fields()
    {
        var form = new RuleForm { Name = "  shop  ", Filter = " application=shop ", AnomalyKind = "silence", GroupBy = "  ", Description = " " };

        var draft = form.ToDraft();

        Assert.Equal(("shop", "application=shop", "count_above"), (draft.Name, draft.Filter, draft.Condition));
        Assert.Null(draft.AnomalyKind);
        Assert.Null(draft.GroupBy);
        Assert.Null(draft.Description);
        form.Condition = AlertRuleVocabulary.Anomaly;
        Assert.Equal("silence", form.ToDraft().AnomalyKind);
    }

    [Fact]
    public void A_saved_rule_edits_into_the_same_draft()
    {
        var channel = Guid.NewGuid();
        var rule = new AlertRule
        {
            Id = Guid.NewGuid(), Name = "r", Enabled = false, Filter = "level=error", Condition = "error_ratio_above", Threshold = 0.2, WindowSeconds = 600,
            Severity = "critical", ChannelIds = [channel], RepeatIntervalSeconds = 0, SettleSeconds = 30, GroupBy = "application",
        };

        var form = RuleForm.From(rule);

        Assert.False(form.IsNew);
        var draft = form.ToDraft();
        Assert.Equal(rule.ToDraft() with { ChannelIds = [] }, draft with { ChannelIds = [] });
        Assert.Equal([channel], draft.ChannelIds);
    }

    [Fact]
    public void A_channel_edit_without_a_new_secret_sends_none_and_only_its_kinds_settings()
    {
        var stored = new NotificationChannel
        {
            Id = Guid.NewGuid(), Name = "mail", Kind = "email", Enabled = true, SecretSet = true,
            Email = new ChannelEmailSettings(["a@b.example", "c@d.example"], "lp@x.example", "smtp", 587, "lp"),
        };

        var form = ChannelForm.From(stored);
        var draft = form.ToDraft();

        Assert.Null(draft.Secret);
        Assert.Null(draft.Url);
        Assert.Equal(["a@b.example", "c@d.example"], draft.Email!.To);
        Assert.Equal(("smtp", 587, "lp"), (draft.Email.Host, draft.Email.Port, draft.Email.Username));
        form.Kind = "webhook";
        form.Url = " https://hooks.example/x ";
        form.Secret = "k";
        draft = form.ToDraft();
        Assert.Equal(("https://hooks.example/x", "k"), (draft.Url, draft.Secret));
        Assert.Null(draft.Email);
    }
}
