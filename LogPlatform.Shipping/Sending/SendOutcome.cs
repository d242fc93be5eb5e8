namespace LogPlatform.Shipping.Sending;

public enum SendOutcome
{
    /// <summary>Accepted (2xx): the offset may advance.</summary>
    Stored,

    /// <summary>Not accepted for now (busy, unreachable, 5xx): send the same batch again after a back-off.</summary>
    Retry,

    /// <summary>Refused for its content (4xx): sending it again would not help; it is counted as an error and skipped.</summary>
    Rejected,

    /// <summary>Refused for the sender (a wrong API key): the source stops.</summary>
    Fatal,
}
