using System.Text.Json;
using LogPlatform.Contracts;

namespace Ingest.Api.Formats;

/// <summary>The syslog <c>&lt;PRI&gt;</c> (facility × 8 + severity) and what it means for a log.</summary>
public static class SyslogPriority
{
    private static readonly JsonEncodedText[] Facilities =
    [
        .. new[]
        {
            "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp", "security",
            "console", "solaris-cron", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
        }.Select(n => JsonEncodedText.Encode(n)),
    ];

    private static readonly JsonEncodedText[] Severities =
    [
        .. new[] { "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug" }.Select(n => JsonEncodedText.Encode(n)),
    ];

    /// <summary>0–2 (emergency, alert, critical) fatal, 3 error, 4 warn, 5–6 (notice, informational) info, 7 debug.</summary>
    public static LogSeverity ToLevel(int severity) => severity switch
    {
        <= 2 => LogSeverity.Fatal,
        3 => LogSeverity.Error,
        4 => LogSeverity.Warn,
        <= 6 => LogSeverity.Info,
        _ => LogSeverity.Debug,
    };

    /// <summary>Reads <c>&lt;0..191&gt;</c> at the start of <paramref name="line"/>.</summary>
    /// <returns>The index after <c>&gt;</c>, or -1.</returns>
    public static int TryRead(ReadOnlySpan<byte> line, out int priority)
    {
        priority = 0;
        if (line.Length < 3 || line[0] != (byte)'<') return -1;
        var i = 1;
        for (; i < line.Length && i <= 4 && line[i] != (byte)'>'; i++)
        {
            var digit = (uint)(line[i] - '0');
            if (digit > 9) return -1;
            priority = priority * 10 + (int)digit;
        }
        if (i == 1 || i >= line.Length || line[i] != (byte)'>' || priority > 191) return -1;
        return i + 1;
    }

    /// <summary>Level from the severity; <c>facility</c> and <c>severity</c> names as properties.</summary>
    public static void Apply(int priority, TextLogRecord record)
    {
        var severity = priority & 7;
        record.Level = ToLevel(severity);
        record.Add(TextFieldNames.Facility, Facilities[priority >> 3]);
        record.Add(TextFieldNames.Severity, Severities[severity]);
    }
}
