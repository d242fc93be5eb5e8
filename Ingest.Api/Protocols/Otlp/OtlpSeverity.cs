using Ingest.Api.Formats;
using LogPlatform.Contracts;

namespace Ingest.Api.Protocols.Otlp;

/// <summary>OTLP's severity: the number's ranges (1-4 trace ... 21-24 fatal), else the text, else info.</summary>
public static class OtlpSeverity
{
    public static LogSeverity From(long number, ReadOnlySpan<byte> text) => number switch
    {
        >= 1 and <= 4 => LogSeverity.Trace,
        >= 5 and <= 8 => LogSeverity.Debug,
        >= 9 and <= 12 => LogSeverity.Info,
        >= 13 and <= 16 => LogSeverity.Warn,
        >= 17 and <= 20 => LogSeverity.Error,
        >= 21 and <= 24 => LogSeverity.Fatal,
        _ => LogfmtFormat.TryLevel(text, out var level) ? level : LogSeverity.Info,
    };

    /// <summary>Nanoseconds since the Unix epoch; false when out of DateTimeOffset's range.</summary>
    public static bool TryTime(ulong unixNano, out DateTimeOffset time)
    {
        var ticks = unixNano / 100;
        if (ticks > (ulong)(DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks))
        {
            time = default;
            return false;
        }
        time = new DateTimeOffset(DateTime.UnixEpoch.Ticks + (long)ticks, TimeSpan.Zero);
        return true;
    }
}
