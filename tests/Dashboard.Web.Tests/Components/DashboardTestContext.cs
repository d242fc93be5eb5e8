using Bunit;
using Dashboard.Web.Gateway;
using Dashboard.Web.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Web.Tests.Components;

/// <summary>A bunit context with the session services the live components use; the stream is a recorder, the feed is real.</summary>
public abstract class DashboardTestContext : BunitContext
{
    protected DashboardTestContext(int tailCapacity = 500)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 5, 0, 0, TimeSpan.Zero));
        var options = Microsoft.Extensions.Options.Options.Create(TestFeed.Options(tailCapacity));
        Feed = new LiveFeed(options, Time);
        Services.AddSingleton<IOptions<DashboardOptions>>(options);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton(Feed);
        Services.AddSingleton<ILiveStream>(Stream);
        Services.AddMetrics();
        Services.AddSingleton<DashboardMetrics>();
    }

    protected FakeTimeProvider Time { get; }
    protected LiveFeed Feed { get; }
    protected RecordingLiveStream Stream { get; } = new();

    /// <summary>Lets the components' render pacers see the feed's changes.</summary>
    protected void Tick() => Time.Advance(TimeSpan.FromMilliseconds(500));

    protected sealed class RecordingLiveStream : ILiveStream
    {
        public List<LiveFilter> Changes { get; } = [];
        public int StartCalls { get; private set; }
        public LiveFilter Filter { get; private set; } = LiveFilter.None;

        public void EnsureStarted() => StartCalls++;

        public void ChangeFilter(LiveFilter filter)
        {
            Changes.Add(filter);
            Filter = filter;
        }
    }
}
