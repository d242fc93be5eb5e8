using Realtime.Gateway.Security;

namespace Realtime.Gateway.Tests.Security;

public sealed class OriginAllowListTests
{
    private static readonly OriginAllowList Origins = new(["http://localhost:5173", "https://Logs.Example.com/", "not an origin", ""]);

    [Theory]
    [InlineData("http://localhost:5173")]
    [InlineData("http://127.0.0.1:5173")]
    [InlineData("http://[::1]:5173")]
    [InlineData("http://localhost:5173/")]
    [InlineData("https://logs.example.com")]
    [InlineData("https://logs.example.com:443")]
    public void Allowed(string origin) => Assert.True(Origins.IsAllowed(origin));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("not an origin")]
    [InlineData("https://localhost:5173")]
    [InlineData("http://127.0.0.1:5174")]
    [InlineData("http://logs.example.com")]
    [InlineData("https://logs.example.com.evil.test")]
    [InlineData("https://logs.example.com/path")]
    [InlineData("ws://localhost:5173")]
    public void Refused(string? origin) => Assert.False(Origins.IsAllowed(origin));
}
