using Dashboard.Web.Anomalies;
using static Dashboard.Web.Tests.Anomalies.AnomalyPlotTests;

namespace Dashboard.Web.Tests.Anomalies;

public class AnomalyListTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Live_and_stored_merge_newest_first_each_id_once_with_the_live_copy_marked()
    {
        ReceivedAnomaly[] live = [new(At("new", Now), 2, Now, true), new(At("both", Now.AddMinutes(-1)), 1, Now, true)];

        var rows = AnomalyList.Merge(live, [At("both", Now.AddMinutes(-1)), At("stored", Now.AddMinutes(-5))], application: null, limit: 10);

        Assert.Equal(["new", "both", "stored"], rows.Select(r => r.Anomaly.Id));
        Assert.Equal([true, true, false], rows.Select(r => r.ArrivedLive));
    }

    [Fact]
    public void The_application_filter_applies_to_live_anomalies_and_the_limit_to_all()
    {
        ReceivedAnomaly[] live = [new(At("other", Now, application: "billing"), 1, Now, true), new(At("mine", Now, application: "shop"), 2, Now, true)];

        var rows = AnomalyList.Merge(live, [At("s1", Now.AddMinutes(-1)), At("s2", Now.AddMinutes(-2))], application: "shop", limit: 2);

        Assert.Equal(["mine", "s1"], rows.Select(r => r.Anomaly.Id));
    }
}
