using System.Net;

namespace Dashboard.Web.Alerts;

/// <summary>
/// A refused change (problem details): <see cref="Errors"/> maps wire field names (<c>threshold</c>, <c>filter.level</c>) to
/// messages, so a form can show each next to its field.
/// </summary>
public sealed record GatewayProblem
{
    public string? Title { get; init; }
    public string? Detail { get; init; }
    public int? Status { get; init; }
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>The messages for <paramref name="field"/> and its sub-fields (<c>filter</c> takes <c>filter.level</c>).</summary>
    public IEnumerable<string> For(string field) => Errors
        .Where(e => e.Key == field || e.Key.StartsWith(field + ".", StringComparison.Ordinal) || e.Key.StartsWith(field + "[", StringComparison.Ordinal))
        .SelectMany(e => e.Key == field ? e.Value : e.Value.Select(m => $"{e.Key}: {m}"));

    /// <summary>One line for a form's top: the title and detail, and the errors no field shows.</summary>
    public string Summary(IEnumerable<string> shownFields)
    {
        var shown = shownFields.ToList();
        var rest = Errors.Where(e => !shown.Any(f => e.Key == f || e.Key.StartsWith(f + ".", StringComparison.Ordinal)))
            .Select(e => $"{e.Key}: {string.Join(" ", e.Value)}");
        return string.Join(" ", new[] { Title, Detail }.Concat(rest).Where(s => !string.IsNullOrWhiteSpace(s)));
    }

    public static GatewayProblem FromStatus(HttpStatusCode status, string body) => new()
    {
        Status = (int)status,
        Title = status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "The gateway refused the admin key (Dashboard:AdminKey).",
            HttpStatusCode.NotFound => "Not found (deleted meanwhile?).",
            _ => $"The gateway answered {(int)status} {status}.",
        },
        Detail = body.Length > 300 ? body[..300] : body,
    };
}
