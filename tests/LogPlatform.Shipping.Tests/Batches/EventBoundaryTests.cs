using System.Text;
using LogPlatform.Shipping.Batches;

namespace LogPlatform.Shipping.Tests.Batches;

public sealed class EventBoundaryTests
{
    private static int Cut(string text, EventStartPattern? rule = null) => EventBoundary.CompleteEvents(Encoding.UTF8.GetBytes(text), rule ?? EventStartPattern.Unindented);

    [Fact]
    public void The_last_event_waits_for_the_line_that_starts_the_next()
    {
        const string text = "a 1\nb 2\nc 3\n";
        // "c 3" may still get continuation lines: the batch ends before it.
        Assert.Equal("a 1\nb 2\n".Length, Cut(text));
    }

    [Fact]
    public void A_stack_trace_stays_with_its_log()
    {
        const string text = "error boom\n  at A.B()\n  at C.D()\nCaused by: x\n  at E.F()\ninfo next\n";
        Assert.Equal(text.Length - "info next\n".Length, Cut(text));
        Assert.Equal(0, Cut("error boom\n  at A.B()\n  at C.D()\n"));
    }

    [Fact]
    public void A_partial_last_line_is_never_in_the_batch()
        => Assert.Equal("a 1\nb 2\n".Length, Cut("a 1\nb 2\nc 3\nd par"));

    [Fact]
    public void An_empty_line_ends_an_event()
        => Assert.Equal("a 1\n  more\n\n".Length, Cut("a 1\n  more\n\n  orphan\n"));

    [Fact]
    public void With_every_line_an_event_only_the_last_complete_line_waits_and_crlf_is_a_line_break()
    {
        Assert.Equal("a\r\n  b\r\n".Length, Cut("a\r\n  b\r\nc\r\n", EventStartPattern.EveryLine));
        Assert.Equal(0, Cut("no line break"));
    }

    [Fact]
    public void A_start_pattern_decides_which_lines_start_events()
    {
        var rule = EventStartPattern.FromRegex(@"^\d{4}-\d\d-\d\d ", TimeSpan.FromSeconds(1));
        const string text = "2026-12-02 a\nnot indented but a continuation\n2026-12-02 b\n";
        Assert.Equal(text.Length - "2026-12-02 b\n".Length, Cut(text, rule));
    }

    [Fact]
    public void Lines_are_counted_and_limited()
    {
        var text = "a\nb\nc\nd"u8;
        Assert.Equal(4, EventBoundary.CountLines(text));
        Assert.Equal(3, EventBoundary.CountLines("a\nb\nc\n"u8));
        Assert.Equal("a\nb\n".Length, EventBoundary.FirstLines(text, 2));
        Assert.Equal(text.Length, EventBoundary.FirstLines(text, 10));
        Assert.Equal("a\nb\nc\n".Length, EventBoundary.CompleteLines(text));
    }
}
