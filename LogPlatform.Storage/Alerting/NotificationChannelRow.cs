namespace LogPlatform.Storage.Alerting;

/// <summary>
/// A row of <c>notification_channels</c> as it may be shown: <see cref="Settings"/> is the kind's non-secret JSON; of the
/// secret only whether it is set.
/// </summary>
public sealed record NotificationChannelRow(
    Guid Id, string Name, string Kind, string Settings, bool SecretSet, string? SystemAlerts, bool Enabled,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
