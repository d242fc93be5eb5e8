using System.Text;
using System.Text.Json;
using Dashboard.Web.Anomalies;
using Dashboard.Web.Gateway;
using Dashboard.Web.Live;
using LogPlatform.Contracts;

namespace Dashboard.Web.Tests.Gateway;

/// <summary><c>new_anomaly</c> envelopes as the gateway frames them: the analysis service's JSON, relayed unchanged, as data.</summary>
public class AnomalyEnvelopeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 5, 0, 0, TimeSpan.Zero);

    private static Anomaly Sample(string id, double score = 0.62, string severity = "warning", int secondsAgo = 0) => new()
    {
        Id = id,
        Kind = AnomalyKinds.ErrorBurst,
        Score = score,
        Severity = severity,
        Application = "billing",
        Source = "api",
        Observed = 42,
        Expected = 3,
        Reasons = ["42 errors in a minute, 3 expected", "first seen at 04:59"],
        Suggestions = ["look at the deploy of 04:58"],
        WindowStart = Now.AddMinutes(-1).AddSeconds(-secondsAgo),
        WindowEnd = Now.AddSeconds(-secondsAgo),
        ExampleLogIds = [7, 8],
        DetectedAt = Now.AddSeconds(-secondsAgo),
    };

    private static string Envelope(Anomaly anomaly)
        => $$"""{"type":"new_anomaly","data":{{JsonSerializer.Serialize(anomaly, ContractsJsonContext.Default.Anomaly)}},"timestamp":"2026-11-25T05:00:00Z"}""";

    private static string? Apply(LiveFeed feed, string json) => GatewayMessageReader.Apply(Encoding.UTF8.GetBytes(json), feed, Now);

    [Fact]
    public void A_new_anomaly_envelope_goes_to_the_feed_with_all_its_fields_and_raises_the_event()
    {
        var feed = TestFeed.Create();
        var raised = new List<ReceivedAnomaly>();
        feed.AnomalyArrived += raised.Add;

        Assert.Equal("new_anomaly", Apply(feed, Envelope(Sample("a-1"))));

        var received = Assert.Single(feed.Anomalies());
        Assert.True(received.IsLive);
        var anomaly = received.Anomaly;
        Assert.Equal(("a-1", "error_burst", 0.62, "warning", "billing", "api"),
            (anomaly.Id, anomaly.Kind, anomaly.Score, anomaly.Severity, anomaly.Application, anomaly.Source));
        Assert.Equal(["42 errors in a minute, 3 expected", "first seen at 04:59"], anomaly.Reasons);
        Assert.Equal(["look at the deploy of 04:58"], anomaly.Suggestions);
        Assert.Equal(Now, anomaly.DetectedAt);
        Assert.Equal([7L, 8], anomaly.ExampleLogIds);
        Assert.Same(received, Assert.Single(raised));
        Assert.Equal(1, feed.AnomaliesReceived);
    }

    [Fact]
    public void The_same_anomaly_twice_is_kept_and_announced_once()
    {
        var feed = TestFeed.Create();
        var raised = 0;
        feed.AnomalyArrived += _ => raised++;

        Apply(feed, Envelope(Sample("a-1")));
        var version = feed.Version;
        Apply(feed, Envelope(Sample("a-1")));

        Assert.Single(feed.Anomalies());
        Assert.Equal(1, raised);
        Assert.Equal(version, feed.Version);
    }

    [Fact]
    public void Live_anomalies_are_newest_first()
    {
        var feed = TestFeed.Create();

        Apply(feed, Envelope(Sample("a-1")));
        Apply(feed, Envelope(Sample("a-2")));

        Assert.Equal(["a-2", "a-1"], feed.Anomalies().Select(a => a.Anomaly.Id));
        Assert.True(feed.Anomalies()[0].Sequence > feed.Anomalies()[1].Sequence);
    }

    [Theory]
    [InlineData("""{"type":"new_anomaly","data":{"kind":"silence","score":0.5,"severity":"info"}}""")] // no id
    [InlineData("""{"type":"new_anomaly","data":{"id":"x","kind":"silence","score":"high","severity":"info"}}""")] // score not a number
    [InlineData("""{"type":"new_anomaly","data":"an anomaly"}""")]
    [InlineData("""{"type":"new_anomaly","data":null}""")]
    public void A_malformed_anomaly_is_skipped_without_breaking_the_stream(string json)
    {
        var feed = TestFeed.Create();
        var before = feed.Version;

        Assert.Equal("new_anomaly", Apply(feed, json));

        Assert.Empty(feed.Anomalies());
        Assert.Equal(before, feed.Version);
    }

    [Fact]
    public void History_merges_behind_live_anomalies_by_detection_time_each_id_once()
    {
        var feed = TestFeed.Create();
        Apply(feed, Envelope(Sample("live", secondsAgo: 0)));

        feed.OnAnomalyHistory([Sample("live", secondsAgo: 0), Sample("older", secondsAgo: 60), Sample("old", secondsAgo: 30)]);

        var all = feed.Anomalies();
        Assert.Equal(["live", "old", "older"], all.Select(a => a.Anomaly.Id));
        Assert.Equal([true, false, false], all.Select(a => a.IsLive));
        Assert.Equal(1, feed.AnomaliesReceived);
    }

    [Fact]
    public void The_list_is_bounded_and_an_evicted_id_may_come_back()
    {
        var recent = new RecentAnomalies(capacity: 3);
        for (var i = 0; i < 5; i++) recent.AddLive(Sample("a-" + i), Now);

        Assert.Equal(["a-4", "a-3", "a-2"], recent.Snapshot().Select(a => a.Anomaly.Id));
        Assert.NotNull(recent.AddLive(Sample("a-0"), Now));
        Assert.Null(recent.AddLive(Sample("a-4"), Now));
    }
}
