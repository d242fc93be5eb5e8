namespace Dashboard.Web.Alerts;

/// <summary>
/// A channel as the settings form sends it (<c>POST</c>/<c>PUT /api/v1/notification-channels</c>). <see cref="Secret"/> is
/// write-only; null on a PUT keeps the stored one.
/// </summary>
public sealed record ChannelDraft
{
    public string Name { get; init; } = "";
    public string Kind { get; init; } = "webhook";
    public bool Enabled { get; init; } = true;
    public string? Url { get; init; }
    public ChannelEmailSettings? Email { get; init; }
    public string? SystemAlerts { get; init; }
    public string? Secret { get; init; }
}
