using System.Text.Json;
using Dashboard.Web.Gateway;

namespace Dashboard.Web.Alerts;

/// <summary>
/// An alert as received from the gateway. Alert producers may grow new fields, so the payload is
/// kept whole (<see cref="Json"/>) and the common fields are lifted out for the list.
/// </summary>
public sealed record AlertEntry(DateTimeOffset ReceivedAt, bool IsSystem, string Severity, string Title, string Json)
{
    /// <summary>A user-defined rule's notice (<c>kind</c> <c>rule</c>, an <see cref="LogPlatform.Contracts.AlertNotice"/>), not a system alert.</summary>
    public bool IsRule { get; init; }

    private static readonly string[] TitleFields = ["message", "title", "description", "reason", "name"];
    private static readonly string[] SeverityFields = ["severity", "level"];

    public static AlertEntry From(JsonElement data, bool isSystem, DateTimeOffset receivedAt)
    {
        var severity = isSystem ? "system" : "alert";
        var title = "";
        if (data.ValueKind == JsonValueKind.Object)
        {
            severity = FirstString(data, SeverityFields) ?? severity;
            title = FirstString(data, TitleFields) ?? "";
        }
        else if (data.ValueKind == JsonValueKind.String)
        {
            title = data.GetString() ?? "";
        }
        var json = JsonText.Indented(data);
        return new AlertEntry(receivedAt, isSystem, severity, title.Length > 0 ? title : "(no message)", json)
        {
            IsRule = !isSystem && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("kind", out var kind) && kind.ValueEquals("rule"),
        };
    }

    private static string? FirstString(JsonElement data, string[] names)
    {
        foreach (var name in names)
        {
            if (data.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                return value.ToString();
            }
        }
        return null;
    }
}
