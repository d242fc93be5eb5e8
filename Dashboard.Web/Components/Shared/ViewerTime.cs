using System.Globalization;

namespace Dashboard.Web.Components.Shared;

/// <summary>
/// How this browser session shows timestamps: in the viewer's time zone (read from the browser once per circuit, see
/// <c>MainLayout</c>) or in UTC. Cascaded from the layout; a new value re-renders the rows that show times.
/// </summary>
public sealed record ViewerTime(TimeZoneInfo Zone, bool Utc)
{
    /// <summary>Until the browser has told its zone (and in tests without a layout): UTC.</summary>
    public static readonly ViewerTime Default = new(TimeZoneInfo.Utc, true);

    /// <summary>The zone times are shown in, after the UTC toggle.</summary>
    public TimeZoneInfo Shown => Utc ? TimeZoneInfo.Utc : Zone;

    /// <summary>Header text: "UTC" or the zone's id and its current offset ("Europe/Paris, UTC+01:00").</summary>
    public string Label
    {
        get
        {
            if (Utc || Zone == TimeZoneInfo.Utc) return "UTC";
            var offset = Zone.GetUtcOffset(DateTimeOffset.UtcNow);
            var sign = offset < TimeSpan.Zero ? "-" : "+";
            return $"{Zone.Id}, UTC{sign}{offset.Duration():hh\\:mm}";
        }
    }

    public string Format(DateTimeOffset at, string format)
        => TimeZoneInfo.ConvertTime(at, Shown).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>
    /// The browser's zone by its IANA id (Linux and .NET know them); a fixed offset when the id is unknown, so times are
    /// still local (without daylight-saving changes).
    /// </summary>
    public static TimeZoneInfo ZoneOf(string? ianaId, int offsetMinutes)
    {
        if (!string.IsNullOrWhiteSpace(ianaId) && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone)) return zone;
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        return offset == TimeSpan.Zero
            ? TimeZoneInfo.Utc
            : TimeZoneInfo.CreateCustomTimeZone($"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():hh\\:mm}", offset, null, null);
    }
}
