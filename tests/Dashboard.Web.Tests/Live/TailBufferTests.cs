using Dashboard.Web.Live;
using LogPlatform.Contracts;

namespace Dashboard.Web.Tests.Live;

public class TailBufferTests
{
    internal static LogEvent Log(long id, string message = "m") => new() { Id = id, Message = message, Level = LogSeverity.Info, Source = "s", Application = "a" };

    internal static LogEvent[] Logs(long from, int count) => Enumerable.Range(0, count).Select(i => Log(from + i, $"log {from + i}")).ToArray();

    [Fact]
    public void Keeps_only_the_newest_logs_up_to_capacity_newest_first()
    {
        var tail = new TailBuffer(5);

        tail.Add(Logs(1, 3));
        tail.Add(Logs(4, 4));

        Assert.Equal([7L, 6, 5, 4, 3], tail.Snapshot().Select(l => l.Id));
        Assert.Equal(5, tail.Count);
        Assert.Equal(7, tail.TotalReceived);
        Assert.Equal(7, tail.LastId);
    }

    [Fact]
    public void A_batch_larger_than_capacity_keeps_its_last_logs()
    {
        var tail = new TailBuffer(3);

        tail.Add(Logs(1, 10));

        Assert.Equal([10L, 9, 8], tail.Snapshot().Select(l => l.Id));
    }

    [Fact]
    public void Pause_freezes_what_is_shown_but_keeps_counting_and_keeping_arrivals()
    {
        var tail = new TailBuffer(4);
        tail.Add(Logs(1, 2));

        tail.Pause();
        tail.Add(Logs(3, 6));

        Assert.True(tail.IsPaused);
        Assert.Equal([2L, 1], tail.Snapshot().Select(l => l.Id));
        Assert.Equal(6, tail.ArrivedWhilePaused);

        tail.Resume();

        Assert.False(tail.IsPaused);
        Assert.Equal(0, tail.ArrivedWhilePaused);
        Assert.Equal([8L, 7, 6, 5], tail.Snapshot().Select(l => l.Id));
    }

    [Fact]
    public void A_replayed_log_is_not_shown_twice()
    {
        var tail = new TailBuffer(10);
        tail.Add(Logs(1, 3));

        var added = tail.Add(Logs(2, 3)); // 2 and 3 again after a reconnect, 4 new

        Assert.Equal(1, added);
        Assert.Equal([4L, 3, 2, 1], tail.Snapshot().Select(l => l.Id));
    }

    [Fact]
    public void An_evicted_id_can_come_back()
    {
        var tail = new TailBuffer(2);
        tail.Add(Logs(1, 3)); // 1 evicted

        Assert.Equal(1, tail.Add([Log(1)]));
        Assert.Equal([1L, 3], tail.Snapshot().Select(l => l.Id));
    }

    [Fact]
    public void Clear_empties_the_tail_and_forgets_the_last_id()
    {
        var tail = new TailBuffer(3);
        tail.Add(Logs(1, 3));

        tail.Clear();

        Assert.Empty(tail.Snapshot());
        Assert.Equal(0, tail.LastId);
        Assert.Equal(3, tail.Add(Logs(1, 3)));
    }
}
