using System.Net;
using System.Net.Http.Json;
using AppHost.Tests.EndToEnd;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Browser;

/// <summary>
/// The Alerts page in a real browser on the running platform: a webhook channel (to a receiver this test runs) and a rule made
/// in the page's forms, the editor's field errors and preview, then logs that trip the rule: it fires on the page and the
/// receiver gets the webhook.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AlertsPageTests(PlatformFixture platform, BrowserFixture browser) : DashboardPageTest(platform, browser), IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_channel_and_a_rule_made_on_thePage_are_listed_and_the_rule_fires_on_thePage_and_at_the_webhook()
    {
        using var receiver = new WebhookReceiver();
        var application = "alerts-" + Guid.NewGuid().ToString("N")[..8];
        var channelName = "hook " + application;
        var ruleName = "errors of " + application;

        await Page.GotoAsync("/alerts");
        await Expect(Page.Locator(".alerts-page")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(Page.GetByTestId("alerts-read-only")).ToHaveCountAsync(0);

        // The channel, with a write-only signing key.
        await Page.GetByTestId("channel-new").ClickAsync();
        await Page.GetByTestId("channel-name").FillAsync(channelName);
        await Page.GetByTestId("channel-kind").SelectOptionAsync("webhook");
        await Page.GetByTestId("channel-url").FillAsync(receiver.Url.ToString());
        await Page.GetByTestId("channel-secret").FillAsync("signing-key-" + application);
        await Page.GetByTestId("channel-save").ClickAsync();
        var channel = Page.Locator($"[data-testid=channel-row][data-name='{channelName}']");
        await Expect(channel).ToBeVisibleAsync();
        await Expect(channel).ToContainTextAsync(receiver.Url.ToString());
        await Expect(channel).ToContainTextAsync("set");
        await Expect(Page.GetByTestId("channel-editor")).ToHaveCountAsync(0);

        // "Send test notification" goes through the outbox to the receiver.
        await channel.GetByTestId("channel-test").ClickAsync();
        await Expect(channel.GetByTestId("channel-test-result")).ToContainTextAsync("queued");
        var test = await receiver.WaitForTypeAsync("alert.test", Delivery);
        Assert.Equal("test", test.GetProperty("notice").GetProperty("state").GetString());

        // The rule: an invalid window is named next to its field (by the preview, before any save), then fixed.
        await Page.GetByTestId("rule-new").ClickAsync();
        await Page.GetByTestId("rule-name").FillAsync(ruleName);
        await Page.GetByTestId("rule-filter").FillAsync($"application={application}&min_level=error");
        await Page.GetByTestId("rule-condition").SelectOptionAsync("count_above");
        await Page.GetByTestId("rule-threshold").FillAsync("2");
        await Page.GetByTestId("rule-window").FillAsync("5");
        await Expect(Page.GetByTestId("error-window_seconds")).ToContainTextAsync("must be from 10");
        await Page.GetByTestId("rule-window").FillAsync("300");
        await Page.GetByTestId("rule-severity").SelectOptionAsync("critical");
        await Page.GetByTestId("rule-repeat").FillAsync("0");
        await Page.GetByTestId("rule-settle").FillAsync("5");
        await Page.Locator($"[data-testid=rule-channel][data-name='{channelName}']").CheckAsync();
        await Expect(Page.GetByTestId("error-window_seconds")).ToHaveCountAsync(0);
        // A new application has no logs: the last 24 hours would not have fired it.
        await Expect(Page.GetByTestId("rule-preview")).ToHaveTextAsync("Would have fired 0 times in the last 24 h.");
        await Page.GetByTestId("rule-save").ClickAsync();

        var rule = Page.Locator($"[data-testid=rule-row][data-name='{ruleName}']");
        await Expect(rule).ToBeVisibleAsync();
        await Expect(rule.GetByTestId("rule-state")).ToHaveTextAsync("ok");
        await Expect(rule).ToContainTextAsync("more than 2 logs in 300 s");
        await Expect(rule).ToContainTextAsync(channelName);
        await Expect(Page.GetByTestId("rule-editor")).ToHaveCountAsync(0);

        // Logs that trip it: three errors of the application (a warning does not count), sent again every few seconds until
        // the webhook comes: the evaluator takes the new rule when the gateway's change message reaches it, which may be after
        // the first batch was analysed. The 5-minute window keeps every batch in it even when analysis lags behind.
        var firing = await TripAsync(application, receiver);
        Assert.Equal(ruleName, firing.GetProperty("notice").GetProperty("rule_name").GetString());
        Assert.True(firing.GetProperty("notice").GetProperty("value").GetDouble() >= 3);
        await Expect(rule.GetByTestId("rule-state")).ToHaveTextAsync("firing");
        var incident = Page.Locator($"[data-testid=incident-row][data-rule='{ruleName}']");
        await Expect(incident.GetByTestId("incident-state")).ToHaveTextAsync("firing");
        await Expect(incident.GetByTestId("incident-message")).ToContainTextAsync("more than 2");
        await Expect(Page.Locator("[data-testid=alert].rule").Filter(new() { HasText = ruleName }).First).ToBeVisibleAsync();

        // Acknowledge asks for a name and shows it.
        await incident.GetByTestId("incident-acknowledge").ClickAsync();
        await incident.GetByTestId("ack-name").FillAsync("alice");
        await incident.GetByTestId("ack-confirm").ClickAsync();
        await Expect(incident.GetByTestId("incident-acknowledged")).ToHaveTextAsync("acknowledged by alice");

        // Silence takes an end (an hour ahead by default) and a reason, and is listed.
        await incident.GetByTestId("incident-silence").ClickAsync();
        await incident.GetByTestId("silence-reason").FillAsync("deploy in progress");
        await incident.GetByTestId("silence-confirm").ClickAsync();
        await Expect(Page.GetByTestId("silence-row").Filter(new() { HasText = "deploy in progress" })).ToContainTextAsync(ruleName);

        // Disable.
        await rule.GetByTestId("rule-toggle").ClickAsync();
        await Expect(rule.GetByTestId("rule-state")).ToHaveTextAsync("disabled");
        await Expect(rule.GetByTestId("rule-toggle")).ToHaveTextAsync("Enable");
        await Expect(Page.GetByTestId("dead-empty")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_channel_refused_by_the_gateway_shows_the_error_next_to_its_field()
    {
        await Page.GotoAsync("/alerts");
        await Expect(Page.Locator(".alerts-page")).ToHaveAttributeAsync("data-ready", "true");

        await Page.GetByTestId("channel-new").ClickAsync();
        await Page.GetByTestId("channel-name").FillAsync("bad " + Guid.NewGuid().ToString("N")[..8]);
        await Page.GetByTestId("channel-kind").SelectOptionAsync("webhook");
        await Page.GetByTestId("channel-url").FillAsync("not a url");
        await Page.GetByTestId("channel-save").ClickAsync();

        await Expect(Page.GetByTestId("error-url")).ToContainTextAsync("absolute http or https URL");
        await Expect(Page.GetByTestId("channel-editor")).ToBeVisibleAsync();
    }

    private async Task<System.Text.Json.JsonElement> TripAsync(string application, WebhookReceiver receiver)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var batch = 1; ; batch++)
        {
            await PostAsync(application, ("error", $"payment failed {batch}.1"), ("error", $"payment failed {batch}.2"), ("warn", "slow"),
                ("error", $"payment failed {batch}.3"));
            try
            {
                var firing = await receiver.WaitForTypeAsync("alert.firing", TimeSpan.FromSeconds(5));
                Console.WriteLine($"rule saved -> firing webhook: {started.ElapsedMilliseconds} ms, {batch} batch(es) of logs");
                return firing;
            }
            catch (Xunit.Sdk.FailException) when (DateTime.UtcNow < deadline)
            {
                // not yet: the next batch
            }
        }
    }

    private async Task PostAsync(string application, params (string Level, string Message)[] logs)
    {
        using var ingest = Platform.App.CreateHttpClient("ingest");
        ingest.DefaultRequestHeaders.Add("X-Api-Key", Platform.IngestApiKey);
        var response = await ingest.PostAsJsonAsync("/logs",
            logs.Select(log => new { level = log.Level, source = "browser-test", application, message = log.Message }).ToArray());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
