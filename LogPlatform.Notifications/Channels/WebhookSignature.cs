using System.Security.Cryptography;
using System.Text;

namespace LogPlatform.Notifications.Channels;

/// <summary>
/// The generic webhook's signature: <c>sha256=</c> and the hex HMAC-SHA256, keyed by the channel's secret, of
/// <c>"{timestamp}.{body}"</c>. The timestamp is signed too, so a receiver can refuse an old request replayed.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-LogPlatform-Signature";
    public const string TimestampHeader = "X-LogPlatform-Timestamp";
    public const string IdempotencyHeader = "Idempotency-Key";

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>What a receiver does: recompute and compare in constant time.</summary>
    public static bool Verify(string secret, long unixSeconds, ReadOnlySpan<byte> body, string? signature)
        => signature is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(secret, unixSeconds, body)), Encoding.ASCII.GetBytes(signature));
}
