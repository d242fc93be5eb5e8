using Bunit;
using Dashboard.Web.Components.Shared;
using LogPlatform.Contracts;

namespace Dashboard.Web.Tests.Components;

public class StatsCardsTests : BunitContext
{
    [Fact]
    public void Shows_the_live_figures()
    {
        var stats = new LiveStats
        {
            TotalMessages = 1_234_567, MessagesPerSecond = 4_980.4, IngestPerSecond = 5_012, QueueDepth = 321, StreamLag = 20, Pending = 300,
            TotalBatches = 2_500, AvgBatchSize = 493.8, TotalRejected = 3, TotalDeadLettered = 2, TotalUnparsed = 7, TotalSyslogDropped = 5, Consumers = 4, StoreErrors = 0,
        };

        var cards = Render<StatsCards>(p => p.Add(c => c.Stats, stats));

        Assert.Equal("1,234,567", cards.Find("[data-testid=stat-total] .card-value").TextContent);
        Assert.Equal("4,980", cards.Find("[data-testid=stat-rate] .card-value").TextContent);
        Assert.Contains("ingest 5,012/s", cards.Find("[data-testid=stat-rate] .card-hint").TextContent);
        Assert.Equal("321", cards.Find("[data-testid=stat-queue] .card-value").TextContent);
        Assert.Equal("2,500", cards.Find("[data-testid=stat-batches] .card-value").TextContent);
        Assert.Contains("avg 494 logs", cards.Find("[data-testid=stat-batches] .card-hint").TextContent);
        Assert.Equal("3", cards.Find("[data-testid=stat-rejected] .card-value").TextContent);
        Assert.Contains("dead-lettered 2", cards.Find("[data-testid=stat-rejected] .card-hint").TextContent);
        Assert.Contains("unparsed 7 · syslog dropped 5", cards.Find("[data-testid=stat-rejected] .card-hint").TextContent);
        Assert.Contains("card-warn", cards.Find("[data-testid=stat-rejected]").ClassList);
        Assert.Equal("4", cards.Find("[data-testid=stat-consumers] .card-value").TextContent);
        Assert.DoesNotContain("card-warn", cards.Find("[data-testid=stat-consumers]").ClassList);
    }

    [Fact]
    public void Before_the_first_update_shows_dashes()
    {
        var cards = Render<StatsCards>(p => p.Add(c => c.Stats, null));

        Assert.All(cards.FindAll(".card-value"), v => Assert.Equal("–", v.TextContent));
    }

    [Fact]
    public void No_consumers_is_a_warning()
    {
        var cards = Render<StatsCards>(p => p.Add(c => c.Stats, new LiveStats { Consumers = 0 }));

        Assert.Contains("card-warn", cards.Find("[data-testid=stat-consumers]").ClassList);
    }
}
