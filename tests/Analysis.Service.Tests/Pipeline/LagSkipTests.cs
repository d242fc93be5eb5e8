using System.Text.Json;
using System.Threading.Channels;
using Analysis.Service.Tests.Servers;
using LogPlatform.Contracts;
using StackExchange.Redis;

namespace Analysis.Service.Tests.Pipeline;

/// <summary>More than Analysis:MaxLag logs behind: the analysis skips to the newest, raises analysis_lagging, and goes on.</summary>
public sealed class LagSkipTests(AnalysisServers servers) : IClassFixture<AnalysisServers>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_backlog_beyond_the_bound_is_skipped_with_an_alert_and_newer_logs_are_analysed()
    {
        var backlog = AnalysisLogs.NewApplication("backlog");
        var after = AnalysisLogs.NewApplication("after");
        var alerts = Channel.CreateUnbounded<SystemAlert>();
        var subscription = await servers.Redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RedisNames.LiveAlertsChannel));
        subscription.OnMessage(message => alerts.Writer.TryWrite(JsonSerializer.Deserialize((byte[])message.Message!, ContractsJsonContext.Default.SystemAlert)!));

        // Stored while no analysis runs: 500 logs, with a bound of 100.
        for (var i = 0; i < 5; i++) await servers.StoreAsync(AnalysisLogs.Batch(backlog, 100, offset: i * 100));
        await using var analysis = servers.StartAnalysis(("Analysis:MaxLag", "100"));

        using var wait = new CancellationTokenSource(Timeout);
        var alert = await alerts.Reader.ReadAsync(wait.Token);
        Assert.Equal("analysis_lagging", alert.Code);
        Assert.Equal("warning", alert.Severity);
        Assert.True(alert.Value >= 500, $"skipped {alert.Value}");
        Assert.Contains("analysis_lagging", (await servers.Redis.GetDatabase().ListRangeAsync(RedisNames.AlertsHistoryList)).Select(v => (string)v!)
            .Aggregate("", (all, json) => all + json));

        // Then it goes on from the newest: the next logs are analysed, the skipped ones never are.
        Assert.True(await AnalysisServers.EventuallyAsync(async () =>
        {
            await servers.StoreAndPublishAsync(AnalysisLogs.Batch(after, 1));
            return await servers.PatternCountAsync(after) > 0;
        }, Timeout), "nothing analysed after the skip:\n" + analysis.Output);
        Assert.Equal(0, await servers.PatternCountAsync(backlog));
        await subscription.UnsubscribeAsync();
    }
}
