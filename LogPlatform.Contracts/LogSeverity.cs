using System.Text.Json.Serialization;

namespace LogPlatform.Contracts;

/// <summary>The level of a log event. Ordered, so a minimum-level filter is a comparison.</summary>
[JsonConverter(typeof(LogSeverityJsonConverter))]
public enum LogSeverity : byte
{
    Trace = 0,
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
    Fatal = 5,
}

public static class LogSeverityNames
{
    private static readonly string[] Canonical = ["trace", "debug", "info", "warn", "error", "fatal"];

    /// <summary>The canonical lower-case wire name ("info", "warn", ...).</summary>
    public static string ToWireName(this LogSeverity severity) => Canonical[(int)severity];

    /// <summary>
    /// Parses a level and the aliases that common loggers send (Serilog, Microsoft.Extensions.Logging,
    /// syslog, log4j, Python logging), case-insensitively. No allocation.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> value, out LogSeverity severity)
    {
        value = value.Trim();
        Span<char> lower = stackalloc char[16];
        if (value.Length is 0 or > 16)
        {
            severity = default;
            return false;
        }
        value.ToLowerInvariant(lower);
        switch (lower[..value.Length])
        {
            case "trace" or "verbose" or "vrb" or "trc" or "finest" or "0":
                severity = LogSeverity.Trace; return true;
            case "debug" or "dbg" or "fine" or "1":
                severity = LogSeverity.Debug; return true;
            case "info" or "information" or "inf" or "notice" or "informational" or "2":
                severity = LogSeverity.Info; return true;
            case "warn" or "warning" or "wrn" or "3":
                severity = LogSeverity.Warn; return true;
            case "error" or "err" or "eror" or "fail" or "failure" or "severe" or "4":
                severity = LogSeverity.Error; return true;
            case "fatal" or "critical" or "crit" or "ftl" or "alert" or "emerg" or "emergency" or "panic" or "5":
                severity = LogSeverity.Fatal; return true;
            default:
                severity = default; return false;
        }
    }

    /// <summary>The accepted canonical names, for error messages and documentation.</summary>
    public const string Accepted = "trace, debug, info, warn, error, fatal (aliases: verbose, information, warning, err, critical, ...)";
}
