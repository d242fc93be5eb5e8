using System.Text.Json;
using LogPlatform.Contracts;

namespace Realtime.Gateway.Tests.Servers;

/// <summary>Logs for tests; each test uses an application name of its own, so tests never see each other's logs.</summary>
public static class TestLogs
{
    public static string NewApplication(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    public static LogEvent Log(string application, string message, LogSeverity level = LogSeverity.Info, string source = "web-01",
        string? properties = null, DateTimeOffset? timestamp = null) => new()
    {
        Timestamp = timestamp ?? DateTimeOffset.UtcNow,
        ReceivedAt = DateTimeOffset.UtcNow,
        Level = level,
        Message = message,
        Source = source,
        Application = application,
        Properties = properties is null ? null : JsonDocument.Parse(properties).RootElement.Clone(),
    };

    /// <summary><paramref name="count"/> logs cycling through the levels, messages "name #i".</summary>
    public static LogEvent[] Many(string application, int count, string message = "request served") =>
        Enumerable.Range(0, count).Select(i => Log(application, $"{message} #{i}", (LogSeverity)(i % 6))).ToArray();
}
