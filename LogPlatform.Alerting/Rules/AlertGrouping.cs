using System.Text.Json;
using LogPlatform.Contracts;

namespace LogPlatform.Alerting.Rules;

/// <summary>
/// What a rule fires separately for: nothing (one incident), the application, the source, the level, or a property's
/// value (<c>properties.job_run_id</c>). Logs without the property are grouped under the empty value.
/// </summary>
public sealed record AlertGrouping
{
    public const string ApplicationName = "application";
    public const string SourceName = "source";
    public const string LevelName = "level";
    public const string PropertyPrefix = "properties.";

    public static readonly AlertGrouping None = new(AlertGroupingKind.None, null);

    private AlertGrouping(AlertGroupingKind kind, string? property)
    {
        Kind = kind;
        Property = property;
    }

    public AlertGroupingKind Kind { get; }

    /// <summary>The property's name when <see cref="Kind"/> is <see cref="AlertGroupingKind.Property"/>.</summary>
    public string? Property { get; }

    /// <summary>The <c>group_by</c> wire value; null for none.</summary>
    public string? WireName => Kind switch
    {
        AlertGroupingKind.Application => ApplicationName,
        AlertGroupingKind.Source => SourceName,
        AlertGroupingKind.Level => LevelName,
        AlertGroupingKind.Property => PropertyPrefix + Property,
        _ => null,
    };

    public static bool TryParse(string? value, out AlertGrouping grouping)
    {
        grouping = value switch
        {
            null or "" => None,
            ApplicationName => new(AlertGroupingKind.Application, null),
            SourceName => new(AlertGroupingKind.Source, null),
            LevelName => new(AlertGroupingKind.Level, null),
            _ when value.StartsWith(PropertyPrefix, StringComparison.Ordinal) && value.Length > PropertyPrefix.Length
                   && value.Length <= PropertyPrefix.Length + LogFilter.MaxValueLength => new(AlertGroupingKind.Property, value[PropertyPrefix.Length..]),
            _ => null!,
        };
        return grouping is not null;
    }

    public string KeyOf(LogEvent log) => Kind switch
    {
        AlertGroupingKind.None => "",
        AlertGroupingKind.Application => log.Application,
        AlertGroupingKind.Source => log.Source,
        AlertGroupingKind.Level => log.Level.ToWireName(),
        _ => log.Properties is { ValueKind: JsonValueKind.Object } properties && properties.TryGetProperty(Property!, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
            : "",
    };

    /// <summary>An anomaly has an application and perhaps a source; grouped by anything else it falls in the empty group.</summary>
    public string KeyOf(Anomaly anomaly) => Kind switch
    {
        AlertGroupingKind.Application => anomaly.Application,
        AlertGroupingKind.Source => anomaly.Source ?? "",
        _ => "",
    };
}

public enum AlertGroupingKind
{
    None,
    Application,
    Source,
    Level,
    Property,
}
