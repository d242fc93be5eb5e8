using System.Text;
using LogPlatform.Shipping.Files;

namespace LogPlatform.Shipping.Tests.Files;

public sealed class FileFingerprintTests
{
    private static string? Of(string head, int max = 1024, bool partial = false) => FileFingerprint.Of(Encoding.UTF8.GetBytes(head), max, partial);

    [Fact]
    public void The_first_line_is_the_identity_whatever_follows()
    {
        Assert.NotNull(Of("first line\n"));
        Assert.Equal(Of("first line\n"), Of("first line\nsecond line\n"));
        Assert.Equal(Of("first line\n"), Of("first line\nsecond line\nthird"));
    }

    [Fact]
    public void Different_first_lines_differ()
        => Assert.NotEqual(Of("2026-12-02 a\nx\n"), Of("2026-12-02 b\nx\n"));

    [Fact]
    public void A_file_without_a_complete_first_line_has_none_yet_unless_read_once()
    {
        Assert.Null(Of(""));
        Assert.Null(Of("no line break yet"));
        Assert.NotNull(Of("no line break yet", partial: true));
        Assert.Null(Of("", partial: true));
    }

    [Fact]
    public void A_first_line_longer_than_the_limit_is_cut_there()
    {
        var longLine = new string('x', 100);
        Assert.NotNull(Of(longLine, max: 64));
        Assert.Equal(Of(longLine, max: 64), Of(longLine + "\nmore\n", max: 64));
    }

    [Fact]
    public void A_file_on_disk_has_the_fingerprint_of_its_head()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "hello\nworld\n");
            using var handle = File.OpenHandle(path);
            Assert.Equal(Of("hello\n"), FileFingerprint.Compute(handle, 1024, partial: false));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
