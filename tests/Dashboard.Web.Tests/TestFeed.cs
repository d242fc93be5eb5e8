using Dashboard.Web.Live;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Web.Tests;

internal static class TestFeed
{
    public static DashboardOptions Options(int tailCapacity = 500) => new() { GatewayToken = "t", TailCapacity = tailCapacity, ChartWindowSeconds = 300 };

    public static LiveFeed Create(int tailCapacity = 500, TimeProvider? time = null)
        => new(Microsoft.Extensions.Options.Options.Create(Options(tailCapacity)), time ?? new FakeTimeProvider());
}
