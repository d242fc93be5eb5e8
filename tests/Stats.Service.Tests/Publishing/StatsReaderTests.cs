using LogPlatform.Contracts;
using LogPlatform.Hosting.Redis;
using LogPlatform.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Stats.Service.Publishing;

namespace Stats.Service.Tests.Publishing;

/// <summary>A real Redis (the AppHost's resource) for the reader's tests.</summary>
public sealed class StatsRedis : IAsyncLifetime
{
    private TestAppModel? _model;
    public IConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _model = await TestAppModel.StartAsync(builder => builder.AddRedisServer("redis"), "redis");
        Connection = await ConnectionMultiplexer.ConnectAsync(await _model.ConnectionStringAsync("redis") + ",allowAdmin=true");
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null) await Connection.DisposeAsync();
        if (_model is not null) await _model.DisposeAsync();
    }
}

/// <summary>The Consumers card's figure (issue #12): live workers only, whatever earlier runs left in the writers group.</summary>
public sealed class StatsReaderTests(StatsRedis redis) : IClassFixture<StatsRedis>, IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    private IDatabase Db => redis.Connection.GetDatabase();

    public async Task InitializeAsync()
    {
        await Db.KeyDeleteAsync([RedisNames.IngestStream, RedisNames.WriterHeartbeats]);
        await Db.StreamCreateConsumerGroupAsync(RedisNames.IngestStream, RedisNames.WritersGroup, StreamPosition.NewMessages, createStream: true);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task After_a_restart_only_the_two_running_workers_count_not_the_consumers_earlier_runs_left_in_the_group()
    {
        // Four consumers in the group, as after a restart: two from the run before (one crashed, one stopped cleanly and
        // left the heartbeats), two running now.
        foreach (var consumer in (string[])["worker-old-a", "worker-old-b", "worker-new-a", "worker-new-b"])
            await Join(consumer);
        var now = _time.GetUtcNow();
        await Beat("worker-old-a", now - TimeSpan.FromMinutes(2)); // crashed two minutes ago: its last beat stayed behind
        await Beat("worker-new-a", now - TimeSpan.FromSeconds(1));
        await Beat("worker-new-b", now - TimeSpan.FromSeconds(3));

        var consumersInGroup = (await Db.StreamConsumerInfoAsync(RedisNames.IngestStream, RedisNames.WritersGroup)).Length;
        var snapshot = await Reader().ReadAsync();

        Assert.Equal(4, consumersInGroup);
        Assert.Equal(2, snapshot.Consumers);
    }

    [Fact]
    public async Task A_worker_that_stops_beating_drops_out_once_its_beat_is_older_than_the_bound()
    {
        await Join("worker-1");
        await Beat("worker-1", _time.GetUtcNow());
        var reader = Reader();
        Assert.Equal(1, (await reader.ReadAsync()).Consumers);

        _time.Advance(TimeSpan.FromSeconds(14)); // killed: no more beats, still within LiveConsumerIdle (15 s)
        Assert.Equal(1, (await reader.ReadAsync()).Consumers);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, (await reader.ReadAsync()).Consumers);
    }

    private Task Join(string consumer)
        => Db.ExecuteAsync("XGROUP", "CREATECONSUMER", RedisNames.IngestStream, RedisNames.WritersGroup, consumer);

    private Task Beat(string consumer, DateTimeOffset at)
        => Db.SortedSetAddAsync(RedisNames.WriterHeartbeats, consumer, at.ToUnixTimeMilliseconds());

    private StatsReader Reader() => new(redis.Connection, Options.Create(new StatsOptions { LiveConsumerIdle = TimeSpan.FromSeconds(15) }), _time);
}
