using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LogPlatform.Contracts;
using LogPlatform.Notifications.Channels;
using LogPlatform.Notifications.Sending;

namespace Analysis.Service.Tests.Notifications;

public sealed class NotificationFormatTests
{
    [Fact]
    public void The_signature_is_the_hex_hmac_of_timestamp_dot_body_and_a_changed_byte_fails_it()
    {
        var body = Encoding.UTF8.GetBytes("""{"delivery_id":"d1"}""");
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("k"u8.ToArray(), Encoding.UTF8.GetBytes("1700000000." + """{"delivery_id":"d1"}""")));

        Assert.Equal(expected, WebhookSignature.Sign("k", 1700000000, body));
        Assert.True(WebhookSignature.Verify("k", 1700000000, body, expected));
        Assert.False(WebhookSignature.Verify("k", 1700000001, body, expected));
        body[3] ^= 1;
        Assert.False(WebhookSignature.Verify("k", 1700000000, body, expected));
        Assert.False(WebhookSignature.Verify("k", 1700000000, body, null));
    }

    [Theory]
    [InlineData(1, 0.0, 1000)]
    [InlineData(1, 0.999, 1999)]
    [InlineData(3, 0.0, 4000)]
    [InlineData(20, 0.0, 30_000)]
    public void Back_off_doubles_with_half_of_it_jittered_up_to_the_cap(int attempts, double random, int expectedAtLeastMs)
    {
        var delay = RetryDelay.For(attempts, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), null, random);
        Assert.InRange(delay.TotalMilliseconds, expectedAtLeastMs, expectedAtLeastMs * 2 + 1);
    }

    [Fact]
    public void Retry_after_wins_when_longer_and_is_capped_by_the_maximum()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), RetryDelay.For(1, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), 0.5));
        Assert.Equal(TimeSpan.FromMinutes(5), RetryDelay.For(1, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), 0.5));
        Assert.True(RetryDelay.For(5, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), 0) >= TimeSpan.FromSeconds(8));
    }

    [Fact]
    public void The_webhook_body_carries_the_delivery_id_the_type_and_the_whole_notice()
    {
        var delivery = Delivery(AlertStates.Resolved);
        using var body = JsonDocument.Parse(NotificationBody.For(ChannelKinds.Webhook, delivery));

        Assert.Equal("d-1", body.RootElement.GetProperty("delivery_id").GetString());
        Assert.Equal("alert.resolved", body.RootElement.GetProperty("type").GetString());
        var notice = body.RootElement.GetProperty("notice");
        Assert.Equal("Checkout errors", notice.GetProperty("rule_name").GetString());
        Assert.Equal("checkout", notice.GetProperty("group").GetString());
        Assert.Equal(42, notice.GetProperty("value").GetDouble());
    }

    [Fact]
    public void Slack_and_discord_messages_lead_with_one_readable_line()
    {
        var delivery = Delivery(AlertStates.Firing);
        using var slack = JsonDocument.Parse(NotificationBody.For(ChannelKinds.Slack, delivery));
        using var discord = JsonDocument.Parse(NotificationBody.For(ChannelKinds.Discord, delivery));

        const string headline = "[FIRING] critical: Checkout errors (checkout): 42 errors in 5 min (threshold 10)";
        Assert.Equal(headline, slack.RootElement.GetProperty("text").GetString());
        Assert.Equal("mrkdwn", slack.RootElement.GetProperty("blocks")[0].GetProperty("text").GetProperty("type").GetString());
        Assert.Equal(headline, discord.RootElement.GetProperty("content").GetString());
        Assert.Equal(0xD73A49, discord.RootElement.GetProperty("embeds")[0].GetProperty("color").GetInt32());
    }

    private static NotificationDelivery Delivery(string state) => new()
    {
        DeliveryId = "d-1",
        ChannelId = Guid.Empty.ToString(),
        Notice = new AlertNotice
        {
            AlertId = "a-1", RuleId = "r-1", RuleName = "Checkout errors", Group = "checkout", State = state, Severity = "critical",
            Message = "42 errors in 5 min (threshold 10)", Value = 42, Threshold = 10,
            StartedAt = DateTimeOffset.Parse("2026-12-02T10:00:00Z"), Timestamp = DateTimeOffset.Parse("2026-12-02T10:05:00Z"),
        },
    };
}
