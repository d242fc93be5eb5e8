namespace LogPlatform.Notifications.Sending;

/// <summary>What one attempt came to: delivered, worth retrying (with the receiver's Retry-After), or never going to work.</summary>
public readonly record struct DeliveryOutcome(bool Delivered, bool Permanent, string? Error, TimeSpan? RetryAfter)
{
    public static readonly DeliveryOutcome Success = new(true, false, null, null);
    public static DeliveryOutcome Retry(string error, TimeSpan? retryAfter = null) => new(false, false, error, retryAfter);
    public static DeliveryOutcome Fail(string error) => new(false, true, error, null);
}
