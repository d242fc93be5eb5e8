namespace LogPlatform.Storage.Alerting;

/// <summary>What a create or an update writes to <c>notification_channels</c>; <see cref="KeepSecret"/>: an update leaves the secret as it is.</summary>
public sealed record NotificationChannelWrite(string Name, string Kind, string Settings, string? Secret, bool KeepSecret, string? SystemAlerts, bool Enabled);
