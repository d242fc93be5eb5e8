using System.Net;
using System.Text;
using Ingest.Api.BackPressure;
using LogPlatform.Contracts;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Ingest.Api.Tests.Integration;

/// <summary>
/// The backlog that back-pressure uses is what is really not yet stored, whatever Redis's own consumer-group counters
/// say. After worker crashes, claims, deletes and restarts those counters drift (seen in the field: XLEN 0, nothing
/// pending, yet XINFO GROUPS reporting a lag of 5,143, over the high-water mark), and ingest then refused every request
/// with 429 forever.
/// </summary>
public sealed class BacklogTests : IAsyncLifetime
{
    private const int HighWaterMark = 50;
    private readonly TestRedis _redis = new();
    private IConnectionMultiplexer _connection = null!;

    private IDatabase Database => _connection.GetDatabase();

    public async Task InitializeAsync()
    {
        await _redis.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString + ",abortConnect=false");
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task After_crashes_claims_deletes_and_restarts_ingest_admits_and_reports_the_stream_length()
    {
        for (var run = 1; run <= 3; run++)
        {
            await using (var ingest = StartIngest())
            {
                using var client = ingest.CreateAuthorizedClient();
                // 80 requests, 80 stream entries: more than the high-water mark over the run, never at once (stored as they come).
                for (var i = 0; i < 80; i++)
                {
                    using var response = await client.PostAsync("/logs", Json($$"""{"message":"run {{run}} log {{i}}"}"""));
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                    if (i % 10 == 9) await StoreEverythingWithACrashedConsumerAsync($"run{run}-batch{i}");
                }
            }

            // Redis restarts with its data, and the group's read counter is left where a fault run leaves it: behind the
            // stream (what XINFO GROUPS showed in the field after two fault runs). Ingest must not believe it.
            await DriftGroupCounterAsync();
            await _redis.StopAsync();
            await _redis.StartAsync();
            var (lag, length) = await GroupLagAndLengthAsync();
            Assert.True(lag > HighWaterMark, $"run {run}: Redis should report a drifted lag above {HighWaterMark} (got {lag}), or the test tests nothing");
            Assert.Equal(0, length);

            await using (var restarted = StartIngest())
            {
                using var client = restarted.CreateAuthorizedClient();
                using var admitted = await Eventually.GetAsync(
                    () => client.PostAsync("/logs", Json($$"""{"message":"after restart {{run}}"}""")),
                    r => r.StatusCode == HttpStatusCode.Accepted);
                Assert.Equal(HttpStatusCode.Accepted, admitted.StatusCode);

                // The reported queue depth is the stream's length (here the one log just accepted).
                var backlog = restarted.Services.GetRequiredService<BacklogState>();
                var sampled = await Eventually.GetAsync(() => Task.FromResult(backlog.Backlog), b => b == 1);
                Assert.Equal(await Database.StreamLengthAsync(RedisNames.IngestStream), sampled);
                Assert.Equal(1, sampled);
            }
            await StoreEverythingWithACrashedConsumerAsync($"run{run}-tail");
        }
    }

    private IngestApiFactory StartIngest() => new(_redis.ConnectionString, new Dictionary<string, string?>
    {
        ["Ingest:HighWaterMark"] = HighWaterMark.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    /// <summary>
    /// What the workers do when one of them crashes: one consumer reads part of the stream and dies with it pending, a
    /// second reads the rest, stores it (XACK + XDEL), then claims the dead one's entries with XAUTOCLAIM and stores them.
    /// </summary>
    private async Task StoreEverythingWithACrashedConsumerAsync(string tag)
    {
        try
        {
            await Database.StreamCreateConsumerGroupAsync(RedisNames.IngestStream, RedisNames.WritersGroup, "0-0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
        await Database.StreamReadGroupAsync(RedisNames.IngestStream, RedisNames.WritersGroup, $"crashed-{tag}", ">", 3);
        var read = await Database.StreamReadGroupAsync(RedisNames.IngestStream, RedisNames.WritersGroup, $"alive-{tag}", ">", 1_000);
        await StoreAsync(read.Select(e => e.Id).ToArray());
        var claimed = await Database.StreamAutoClaimIdsOnlyAsync(RedisNames.IngestStream, RedisNames.WritersGroup, $"alive-{tag}", 0, "0-0", 1_000);
        await StoreAsync(claimed.ClaimedIds);
        Assert.Equal(0, await Database.StreamLengthAsync(RedisNames.IngestStream));
    }

    private async Task StoreAsync(RedisValue[] ids)
    {
        if (ids.Length == 0) return;
        await Database.StreamAcknowledgeAsync(RedisNames.IngestStream, RedisNames.WritersGroup, ids);
        await Database.StreamDeleteAsync(RedisNames.IngestStream, ids);
    }

    /// <summary>
    /// Leaves the group's entries-read counter behind the entries added, as the field's drifted group had it (2,524 read of
    /// 4,151 added, with nothing on the stream), with XGROUP SETID ... ENTRIESREAD: the command Redis itself replays from
    /// its append-only file to restore the counter.
    /// </summary>
    private async Task DriftGroupCounterAsync()
    {
        var stream = (await Database.ExecuteAsync("XINFO", "STREAM", RedisNames.IngestStream)).ToDictionary();
        var added = (long)stream["entries-added"];
        await Database.ExecuteAsync("XGROUP", "SETID", RedisNames.IngestStream, RedisNames.WritersGroup, (string)stream["last-generated-id"]!,
            "ENTRIESREAD", Math.Max(0, added - 2 * HighWaterMark));
        await Database.ExecuteAsync("BGREWRITEAOF");
        // Stop Redis only once the rewrite is done, so the restart reads a complete file.
        for (var i = 0; i < 100 && ((string?)await Database.ExecuteAsync("INFO", "persistence"))!.Contains("aof_rewrite_in_progress:1", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }
    }

    private async Task<(long Lag, long Length)> GroupLagAndLengthAsync()
    {
        var groups = await Database.StreamGroupInfoAsync(RedisNames.IngestStream);
        var writers = groups.Single(g => g.Name == RedisNames.WritersGroup);
        return (writers.Lag ?? -1, await Database.StreamLengthAsync(RedisNames.IngestStream));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
