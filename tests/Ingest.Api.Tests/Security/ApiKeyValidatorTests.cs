using Ingest.Api.Security;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Tests.Security;

public sealed class ApiKeyValidatorTests
{
    private static ApiKeyValidator Validator(params string[] keys) => new(Options.Create(new IngestOptions { ApiKeys = keys }));

    [Fact]
    public void Accepts_each_configured_key_and_nothing_else()
    {
        var validator = Validator("first-key", "second-key-é");

        Assert.True(validator.IsValid("first-key"));
        Assert.True(validator.IsValid("second-key-é"));
        Assert.False(validator.IsValid("first-ke"));
        Assert.False(validator.IsValid("first-key "));
        Assert.False(validator.IsValid("FIRST-KEY"));
        Assert.False(validator.IsValid(""));
        Assert.False(validator.IsValid(new string('k', 5000)));
    }

    [Theory]
    [InlineData(new string[0], false, false)]
    [InlineData(new string[0], true, true)]
    [InlineData(new[] { "k" }, false, true)]
    [InlineData(new[] { "k", " " }, false, false)]
    public void Start_up_needs_a_key_unless_anonymous_is_explicitly_allowed(string[] keys, bool allowAnonymous, bool valid)
    {
        var result = new IngestOptionsValidator().Validate(null, new IngestOptions { ApiKeys = keys, AllowAnonymous = allowAnonymous });

        Assert.Equal(valid, result.Succeeded);
        if (!valid) Assert.Contains("Ingest:ApiKeys", result.FailureMessage);
    }
}
