using System.Buffers;
using System.Text;
using Ingest.Api.Syslog;

namespace Ingest.Api.Tests.Syslog;

/// <summary>The TCP framing, fed as a pipe would feed it: arbitrary reads, unconsumed bytes kept for the next one.</summary>
public sealed class SyslogFrameReaderTests
{
    private sealed record Frame(string Text, SyslogFrameKind Kind, long Length);

    /// <summary>Feeds <paramref name="reads"/> one by one, keeping what the reader left, as PipeReader.AdvanceTo does.</summary>
    private static (List<Frame> Frames, SyslogFrameReader Reader, int MaxHeld) Run(int max, bool close, params string[] reads)
    {
        var reader = new SyslogFrameReader(max);
        var frames = new List<Frame>();
        var pending = Array.Empty<byte>();
        var maxHeld = 0;
        for (var i = 0; i < reads.Length; i++)
        {
            pending = [.. pending, .. Encoding.UTF8.GetBytes(reads[i])];
            maxHeld = Math.Max(maxHeld, pending.Length);
            var buffer = new ReadOnlySequence<byte>(pending);
            var completed = close && i == reads.Length - 1;
            while (reader.TryRead(ref buffer, completed, out var frame, out var kind, out var length))
            {
                frames.Add(new Frame(Encoding.UTF8.GetString(frame.ToArray()), kind, length));
            }
            pending = buffer.ToArray();
        }
        return (frames, reader, maxHeld);
    }

    [Fact]
    public void Octet_counted_frames_are_read_whatever_the_reads_split()
    {
        const string stream = "11 <13>1 - a b5 hello23 <13>1 - - - - two\nlines";
        var whole = Run(1024, false, stream).Frames;
        for (var split = 1; split < stream.Length; split++)
        {
            Assert.Equal(whole, Run(1024, false, stream[..split], stream[split..]).Frames);
        }
        var byteByByte = Run(1024, false, stream.Select(c => c.ToString()).ToArray());

        Assert.Equal(["<13>1 - a b", "hello", "<13>1 - - - - two\nlines"], whole.Select(f => f.Text));
        Assert.All(whole, f => Assert.Equal(SyslogFrameKind.Message, f.Kind));
        Assert.Equal(whole, byteByByte.Frames);
        Assert.Equal(SyslogFraming.OctetCounting, byteByByte.Reader.Framing);
    }

    [Fact]
    public void A_partial_octet_count_or_frame_waits_for_more_and_is_incomplete_only_when_the_peer_closes()
    {
        Assert.Empty(Run(1024, false, "12").Frames);
        Assert.Empty(Run(1024, false, "12 <13>1 ab").Frames);

        var closed = Run(1024, true, "5 abcde12 <13>1 ab").Frames;

        Assert.Equal([new Frame("abcde", SyslogFrameKind.Message, 5), new Frame("<13>1 ab", SyslogFrameKind.Incomplete, 12)], closed);
    }

    [Fact]
    public void Newline_framing_is_chosen_by_a_first_byte_that_is_not_a_digit_and_takes_lf_or_crlf()
    {
        var (frames, reader, _) = Run(1024, true, "<13>Jun 14 15:16:01 h a: one\r\n\n<13>Jun 14 15:16:01 h a: t", "wo\n<13>last without lf");

        Assert.Equal(SyslogFraming.NewLine, reader.Framing);
        Assert.Equal(["<13>Jun 14 15:16:01 h a: one", "<13>Jun 14 15:16:01 h a: two", "<13>last without lf"], frames.Select(f => f.Text));
    }

    [Fact]
    public void An_oversized_counted_frame_keeps_its_first_bytes_skips_the_rest_and_never_holds_more_than_the_limit()
    {
        var big = new string('x', 100);
        var (frames, _, held) = Run(16, false, "100 " + big[..10], big[10..40], big[40..], "3 end");

        Assert.Equal([new Frame(big[..16], SyslogFrameKind.Oversized, 100), new Frame("end", SyslogFrameKind.Message, 3)], frames);
        Assert.True(held <= 16 + 4 + 60, $"held {held} bytes");
    }

    [Fact]
    public void An_oversized_line_is_cut_at_the_limit_and_the_rest_of_it_discarded_up_to_its_line_feed()
    {
        var (frames, _, held) = Run(16, false, "<13>" + new string('y', 20), new string('y', 30), "yyy\n<13>next\n");

        Assert.Equal(SyslogFrameKind.Oversized, frames[0].Kind);
        Assert.Equal("<13>" + new string('y', 12), frames[0].Text);
        Assert.Equal(new Frame("<13>next", SyslogFrameKind.Message, 8), frames[1]);
        Assert.Equal(2, frames.Count);
        Assert.True(held <= 16 + 30, $"held {held} bytes");
    }

    [Fact]
    public void A_length_that_is_not_a_number_ends_the_connection_with_one_invalid_frame()
    {
        var (frames, _, _) = Run(1024, false, "12x <13>1 hello\n", "5 hello");

        var frame = Assert.Single(frames);
        Assert.Equal(SyslogFrameKind.Invalid, frame.Kind);
        Assert.Equal(SyslogFrameKind.Invalid, Run(1024, false, "99999999999 x").Frames.Single().Kind);
    }

    [Fact]
    public void Line_breaks_between_counted_frames_are_tolerated()
    {
        var frames = Run(1024, false, "3 one\n3 two\r\n").Frames;

        Assert.Equal(["one", "two"], frames.Select(f => f.Text));
    }
}
