namespace LogPlatform.Shipping.Tailing;

/// <summary>One followed file: how far it is shipped, and how much is left (<c>Size - Offset</c>).</summary>
public sealed record FileProgress(string File, long Offset, long Size)
{
    public long LagBytes => Math.Max(0, Size - Offset);
}
