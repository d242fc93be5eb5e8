using System.ComponentModel.DataAnnotations;

namespace LogPlatform.Notifications.Sending;

/// <summary>How the sender delivers (section <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>Attempts before a delivery goes dead (visible on <c>notifications:dead</c>, raised as a system alert).</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 8;
    /// <summary>The first retry's delay; each further one doubles, up to <see cref="MaxDelay"/>, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How often the sender looks for work, moves due retries and beats its heartbeat.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
    /// <summary>A sender whose heartbeat is older than this is dead: its in-flight deliveries go back to the outbox.</summary>
    public TimeSpan SenderExpiry { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>This sender's name in Redis; null: machine, process and a random suffix.</summary>
    public string? InstanceId { get; set; }

    public bool IsValid() => BaseDelay > TimeSpan.Zero && MaxDelay >= BaseDelay && RequestTimeout > TimeSpan.Zero
                             && PollInterval > TimeSpan.Zero && SenderExpiry > RequestTimeout + PollInterval + PollInterval;
}
