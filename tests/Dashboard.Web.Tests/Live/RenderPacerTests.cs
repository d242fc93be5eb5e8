using Dashboard.Web.Live;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Web.Tests.Live;

public class RenderPacerTests
{
    [Fact]
    public void Five_thousand_changes_a_second_cause_at_most_ten_renders_a_second()
    {
        var time = new FakeTimeProvider();
        long version = 0;
        var renders = 0;
        using var pacer = new RenderPacer(time, TimeSpan.FromMilliseconds(100), () => version, () => { renders++; return Task.CompletedTask; });

        // One simulated second of a 5,000 logs/s stream, one change per log.
        for (var ms = 0; ms < 1000; ms++)
        {
            for (var i = 0; i < 5; i++) version++;
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(10, renders);
        Assert.Equal(10, pacer.Renders);
    }

    [Fact]
    public void Nothing_renders_while_nothing_changes()
    {
        var time = new FakeTimeProvider();
        long version = 1;
        var renders = 0;
        using var pacer = new RenderPacer(time, TimeSpan.FromMilliseconds(100), () => version, () => { renders++; return Task.CompletedTask; });

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, renders);

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, renders);

        version++;
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, renders);
    }

    [Fact]
    public void A_slow_render_is_not_overlapped_by_the_next_tick()
    {
        var time = new FakeTimeProvider();
        long version = 0;
        var started = 0;
        var slow = new TaskCompletionSource();
        using var pacer = new RenderPacer(time, TimeSpan.FromMilliseconds(100), () => version, () => { started++; return slow.Task; });

        version++;
        time.Advance(TimeSpan.FromMilliseconds(100));
        version++;
        time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, started);

        slow.SetResult();
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, started);
    }
}
