using Dashboard.Web.Live;

namespace Dashboard.Web.Tests.Live;

public class TextHighlighterTests
{
    [Fact]
    public void Marks_every_occurrence_case_insensitively_keeping_the_original_case()
    {
        var segments = TextHighlighter.Split("Timeout talking to db; TIMEOUT again", "timeout");

        Assert.Equal(
            [new TextSegment("Timeout", true), new TextSegment(" talking to db; ", false), new TextSegment("TIMEOUT", true), new TextSegment(" again", false)],
            segments);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("absent")]
    public void Without_a_match_the_text_is_one_plain_segment(string? term)
        => Assert.Equal([new TextSegment("disk full", false)], TextHighlighter.Split("disk full", term));
}
