using LogPlatform.Contracts;

namespace LogPlatform.Contracts.Tests;

/// <summary>The cheap pre-test of a template against a message is never stricter than the expression itself.</summary>
public class PatternTemplateTests
{
    [Theory]
    [InlineData("user <*> logged in from <*>", "user alice logged in from 10.0.0.7", true)]
    [InlineData("user <*> logged in from <*>", "user alice   logged\tin from a b c", true)]
    [InlineData("cache [miss] for key <*> (a.b)", "cache [miss] for key order:17 (a.b)", true)]
    [InlineData("uid=<*> done", "uid=42 done", true)]
    [InlineData("user <*> logged in from <*>", "user alice logged out", false)]
    [InlineData("cache [miss] for key <*> (a.b)", "cache [miss] for key order:17 (aXb)", false)]
    // Literal runs all present but out of order: the pre-test passes, the expression decides.
    [InlineData("from <*> user", "user x from y", false)]
    public void CanMatch_passes_every_message_the_expression_matches(string template, string message, bool matches)
    {
        Assert.Equal(matches, PatternTemplate.ToDotNetRegex(template).IsMatch(message));
        if (matches) Assert.True(PatternTemplate.CanMatch(template, message));
    }

    [Fact]
    public void CanMatch_fails_when_a_literal_run_is_missing()
    {
        Assert.False(PatternTemplate.CanMatch("user <*> logged in", "user alice signed in"));
        Assert.False(PatternTemplate.CanMatch("uid=<*> done", "gid=42 done"));
    }

    [Fact]
    public void LiteralLength_counts_the_text_outside_variables_and_white_space()
    {
        Assert.Equal(16, PatternTemplate.LiteralLength("user <*> logged in from <*>"));
        Assert.Equal(10, PatternTemplate.LiteralLength("user <*> <*> in from <*>"));
        Assert.Equal(4, PatternTemplate.LiteralLength("uid=<*>"));
        Assert.Equal(0, PatternTemplate.LiteralLength("<*> <*>"));
    }
}
