namespace LogPlatform.Shipping.Sending;

/// <summary>What became of one attempt to send a batch.</summary>
public readonly record struct SendResult(SendOutcome Outcome, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static readonly SendResult Stored = new(SendOutcome.Stored);

    public static SendResult Retry(string error, TimeSpan? retryAfter = null) => new(SendOutcome.Retry, error, retryAfter);

    public static SendResult Rejected(string error) => new(SendOutcome.Rejected, error);

    public static SendResult Fatal(string error) => new(SendOutcome.Fatal, error);
}
