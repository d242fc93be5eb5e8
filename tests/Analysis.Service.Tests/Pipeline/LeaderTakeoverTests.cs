using Analysis.Service.Tests.Servers;

namespace Analysis.Service.Tests.Pipeline;

/// <summary>
/// Two real analysis processes on a real Redis and PostgreSQL: one holds the lease and analyses; killed (SIGKILL, nothing
/// committed on the way out) in the middle of a stream of logs, the other takes over and resumes from the checkpoint.
/// Every stored log is counted exactly once: the pattern totals equal the stored counts, no more, no less.
/// </summary>
public sealed class LeaderTakeoverTests(AnalysisServers servers) : IClassFixture<AnalysisServers>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Killed_leader_is_replaced_and_no_log_is_lost_or_counted_twice()
    {
        var application = AnalysisLogs.NewApplication("takeover");
        await using var first = servers.StartAnalysis();
        Assert.True(await AnalysisServers.EventuallyAsync(async () => await servers.LeaderProcessIdAsync() == first.ProcessId, Timeout),
            "the first instance never took the lease:\n" + first.Output);
        await using var second = servers.StartAnalysis();

        var sent = 0;
        for (var batch = 0; batch < 40; batch++)
        {
            await servers.StoreAndPublishAsync(AnalysisLogs.Batch(application, 25, offset: sent));
            sent += 25;
            if (batch == 15)
            {
                // Wait until the leader has committed some of them, so the takeover resumes mid-stream.
                Assert.True(await AnalysisServers.EventuallyAsync(async () => await servers.PatternCountAsync(application) > 0, Timeout),
                    "the leader never committed:\n" + first.Output);
                first.Kill();
            }
            await Task.Delay(50);
        }

        Assert.True(await AnalysisServers.EventuallyAsync(async () => await servers.PatternCountAsync(application) == sent, Timeout),
            $"pattern totals {await servers.PatternCountAsync(application)} of {sent} stored:\n{second.Output}");
        Assert.Equal(second.ProcessId, await servers.LeaderProcessIdAsync());
        Assert.Equal(sent, await servers.StoredCountAsync(application));
        Assert.Equal(sent, await servers.MinuteCountAsync(application));

        // A while later still exactly once: nothing was counted again.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(sent, await servers.PatternCountAsync(application));
        Assert.Equal(4, (await servers.PatternIdsAsync(application)).Count);
    }

    [Fact]
    public async Task Restarted_after_logs_stored_while_down_catches_up_with_the_same_pattern_ids()
    {
        var application = AnalysisLogs.NewApplication("restart");
        var sent = 0;
        await using (var analysis = servers.StartAnalysis())
        {
            Assert.True(await AnalysisServers.EventuallyAsync(async () => await servers.LeaderProcessIdAsync() == analysis.ProcessId, Timeout),
                "the instance never took the lease:\n" + analysis.Output);
            await servers.StoreAndPublishAsync(AnalysisLogs.Batch(application, 100));
            sent += 100;
            Assert.True(await AnalysisServers.EventuallyAsync(async () => await servers.PatternCountAsync(application) == sent, Timeout),
                "the first 100 were never counted:\n" + analysis.Output);
        }
        var ids = await servers.PatternIdsAsync(application);

        // Stored while no analysis runs (published to nobody): read back from PostgreSQL after the checkpoint.
        await servers.StoreAndPublishAsync(AnalysisLogs.Batch(application, 150, offset: sent));
        sent += 150;
        await using var restarted = servers.StartAnalysis();
        Assert.True(await AnalysisServers.EventuallyAsync(async () => await servers.PatternCountAsync(application) == sent, Timeout),
            $"pattern totals {await servers.PatternCountAsync(application)} of {sent}:\n{restarted.Output}");
        Assert.Equal(ids, await servers.PatternIdsAsync(application));
        Assert.Equal(sent, await servers.MinuteCountAsync(application));
    }
}
