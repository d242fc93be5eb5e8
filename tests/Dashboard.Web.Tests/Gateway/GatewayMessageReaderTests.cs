using System.Text;
using System.Text.Json;
using Dashboard.Web.Gateway;
using LogPlatform.Contracts;

namespace Dashboard.Web.Tests.Gateway;

public class GatewayMessageReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 5, 0, 0, TimeSpan.Zero);

    private static string? Apply(Dashboard.Web.Live.LiveFeed feed, string json)
        => GatewayMessageReader.Apply(Encoding.UTF8.GetBytes(json), feed, Now);

    [Fact]
    public void A_logs_envelope_goes_to_the_tail()
    {
        var feed = TestFeed.Create();
        var envelope = JsonSerializer.Serialize(
            new Envelope<LogEvent[]>(EnvelopeTypes.Logs, [new LogEvent { Id = 1, Message = "one", Level = LogSeverity.Error }, new LogEvent { Id = 2, Message = "two" }], Now),
            ContractsJsonContext.Default.EnvelopeLogEventArray);

        Assert.Equal("logs", Apply(feed, envelope));

        var tail = feed.Tail();
        Assert.Equal(["two", "one"], tail.Logs.Select(l => l.Message));
        Assert.Equal(LogSeverity.Error, tail.Logs[1].Level);
    }

    [Fact]
    public void A_stats_update_fills_the_cards_and_the_chart()
    {
        var feed = TestFeed.Create();
        var stats = new LiveStats { TotalMessages = 1234, MessagesPerSecond = 45.5, QueueDepth = 7, Consumers = 3, Timestamp = Now };
        var envelope = JsonSerializer.Serialize(new Envelope<LiveStats>(EnvelopeTypes.StatsUpdate, stats, Now), ContractsJsonContext.Default.EnvelopeLiveStats);

        Apply(feed, envelope);

        Assert.Equal(stats, feed.Stats);
        Assert.Equal(45.5, Assert.Single(feed.Throughput()).StoredPerSecond);
    }

    [Fact]
    public void Alerts_and_system_alerts_are_kept_newest_first()
    {
        var feed = TestFeed.Create();

        Apply(feed, """{"type":"alert","data":{"severity":"warn","message":"error rate 12%","rule":"errors"},"timestamp":"2026-11-25T05:00:00Z"}""");
        Apply(feed, """{"type":"system_alert","data":{"message":"worker-1 stopped"},"timestamp":"2026-11-25T05:00:01Z"}""");

        var alerts = feed.Alerts();
        Assert.Equal(2, alerts.Length);
        Assert.True(alerts[0].IsSystem);
        Assert.Equal("worker-1 stopped", alerts[0].Title);
        Assert.Equal("warn", alerts[1].Severity);
        Assert.Equal("error rate 12%", alerts[1].Title);
        Assert.Contains("\"rule\": \"errors\"", alerts[1].Json);
    }

    [Theory]
    [InlineData("""{"type":"dropped","data":{"count":250}}""", 250)]
    [InlineData("""{"type":"dropped","data":40}""", 40)]
    public void A_dropped_notice_adds_up(string json, long expected)
    {
        var feed = TestFeed.Create();

        Apply(feed, json);
        Apply(feed, json);

        Assert.Equal(2 * expected, feed.Dropped);
    }

    [Fact]
    public void Unknown_types_and_pongs_change_nothing()
    {
        var feed = TestFeed.Create();
        var before = feed.Version;

        Assert.Equal("pong", Apply(feed, """{"type":"pong","data":null}"""));
        Assert.Equal("something_new", Apply(feed, """{"type":"something_new","data":{}}"""));
        Assert.Null(Apply(feed, """[1,2,3]"""));

        Assert.Equal(before, feed.Version);
    }

    [Fact]
    public void An_error_is_shown_with_its_message()
    {
        var feed = TestFeed.Create();

        Apply(feed, """{"type":"error","data":{"message":"unknown filter"}}""");

        Assert.Equal("unknown filter", feed.LastError);
    }
}
