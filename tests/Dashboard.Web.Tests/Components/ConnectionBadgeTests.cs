using Bunit;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Gateway;

namespace Dashboard.Web.Tests.Components;

public class ConnectionBadgeTests : BunitContext
{
    [Theory]
    [InlineData(ConnectionState.Live, "● Live", "conn-live")]
    [InlineData(ConnectionState.Connecting, "⟳ Connecting…", "conn-connecting")]
    [InlineData(ConnectionState.Offline, "○ Offline", "conn-offline")]
    public void Shows_each_state(ConnectionState state, string text, string cssClass)
    {
        var badge = Render<ConnectionBadge>(p => p.Add(b => b.State, state));

        var span = badge.Find("[data-testid=connection-badge]");
        Assert.Equal(text, span.TextContent.Trim());
        Assert.Contains(cssClass, span.ClassList);
        Assert.Equal(state.ToString(), span.GetAttribute("data-state"));
    }

    [Fact]
    public void Offline_says_when_it_retries()
    {
        var badge = Render<ConnectionBadge>(p => p
            .Add(b => b.State, ConnectionState.Offline)
            .Add(b => b.RetryIn, TimeSpan.FromSeconds(3.2))
            .Add(b => b.Error, "Connection refused"));

        Assert.Contains("retry in 4 s", badge.Find(".retry").TextContent);
        Assert.Equal("Connection refused", badge.Find("[data-testid=connection-badge]").GetAttribute("title"));
    }
}
