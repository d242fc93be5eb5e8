using System.Text;
using LogPlatform.Contracts;

namespace Dashboard.Web.Gateway;

/// <summary>
/// What the live tail shows. Sent to the gateway as query parameters, so filtering happens
/// server-side and unwanted logs never cross the wire.
/// </summary>
public sealed record LiveFilter
{
    public static readonly LiveFilter None = new();

    public LogSeverity? MinLevel { get; init; }
    public string? Source { get; init; }
    public string? Application { get; init; }
    /// <summary>Text the message must contain.</summary>
    public string? Text { get; init; }
    /// <summary>One property the logs must have with this value (a scope: <c>job_run_id=42</c>), sent as <c>name=value</c>.</summary>
    public ScopeProperty? Property { get; init; }

    public bool IsEmpty => MinLevel is null && IsBlank(Source) && IsBlank(Application) && IsBlank(Text) && Property is null;

    /// <summary>Appends the gateway's filter parameters (<c>min_level</c>, <c>source</c>, <c>application</c>, <c>q</c>), escaped.</summary>
    public StringBuilder AppendQuery(StringBuilder query)
    {
        if (MinLevel is { } level) Append(query, "min_level", level.ToWireName());
        Append(query, "source", Source);
        Append(query, "application", Application);
        Append(query, "q", Text);
        if (Property is { } property) Append(query, property.Name, property.Value);
        return query;
    }

    /// <summary>The parameters alone, e.g. <c>min_level=warn&amp;source=api</c> (empty when there is no filter).</summary>
    public string ToQueryString() => AppendQuery(new StringBuilder()).ToString();

    internal static void Append(StringBuilder query, string name, string? value)
    {
        if (IsBlank(value)) return;
        if (query.Length > 0 && query[^1] != '?') query.Append('&');
        query.Append(name).Append('=').Append(Uri.EscapeDataString(value!.Trim()));
    }

    private static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);
}

/// <summary>A property name and the value a scope's logs share (what the gateway reads from any non-reserved parameter).</summary>
public readonly record struct ScopeProperty(string Name, string Value);
