using LogPlatform.Contracts;

namespace Analysis.Service.Tests.Servers;

/// <summary>Logs of a few templates for one application, so the patterns they make are known.</summary>
public static class AnalysisLogs
{
    public static string NewApplication(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private static readonly string[] Templates =
    [
        "GET /api/orders/{0} answered 200 in {1} ms",
        "user {0} logged in from 10.0.{1}.7",
        "cache miss for key order:{0}",
        "payment {0} declined: insufficient funds",
    ];

    /// <summary><paramref name="count"/> logs cycling through the templates, levels and two sources.</summary>
    public static LogEvent[] Batch(string application, int count, int offset = 0) => [.. Enumerable.Range(offset, count).Select(i => new LogEvent
    {
        Timestamp = DateTimeOffset.UtcNow,
        ReceivedAt = DateTimeOffset.UtcNow,
        Level = i % 4 == 3 ? LogSeverity.Error : LogSeverity.Info,
        Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, Templates[i % Templates.Length], 1000 + i, i % 250),
        Source = i % 2 == 0 ? "web-01" : "web-02",
        Application = application,
    })];
}
