namespace Analysis.Service.Patterns;

/// <summary>
/// How the miner groups lines. One configuration serves every application and every kind of log: there are no
/// per-source settings, on purpose (the platform cannot know in advance what an application logs).
/// </summary>
public sealed record PatternMinerOptions
{
    /// <summary>The configuration the service runs with, and the one the grouping-accuracy tests measure.</summary>
    public static PatternMinerOptions Production { get; } = new();

    /// <summary>
    /// How many leading tokens, after the token count, route a line down the prefix tree (Drain's depth − 2; Drain's
    /// default depth 4). Deeper trees split events whose second or third token is an unmasked value (a user name).
    /// </summary>
    public int PrefixTokens { get; init; } = 2;

    /// <summary>
    /// The least share of a template's tokens a line must equal to join it (a masked value meeting a template's
    /// <c>&lt;*&gt;</c> counts as equal). Over the five loghub samples every value from 0.6 to 0.7 gives the same
    /// grouping but for a few BGL lines; 0.65 sits in the middle of that range rather than on an edge of it.
    /// </summary>
    public double SimilarityThreshold { get; init; } = 0.65;

    /// <summary>Children per tree node; past it new leading tokens share the <c>&lt;*&gt;</c> child.</summary>
    public int MaxChildrenPerNode { get; init; } = 100;

    /// <summary>Patterns kept over all applications; the least recently seen is evicted past it.</summary>
    public int MaxPatterns { get; init; } = 20_000;

    /// <summary>The most recent log ids kept per pattern as examples.</summary>
    public int MaxExamples { get; init; } = 3;

    /// <summary>Tokens compared per line; a longer line's last token holds the rest of it.</summary>
    public int MaxTokens { get; init; } = 256;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PrefixTokens);
        if (SimilarityThreshold is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(SimilarityThreshold), "must be in (0, 1]");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxChildrenPerNode, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxPatterns);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxExamples);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxTokens, PrefixTokens);
    }
}
