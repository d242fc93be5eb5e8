namespace LogPlatform.Storage.Analysis;

/// <summary>How a list of patterns is ordered.</summary>
public enum PatternSort
{
    /// <summary>Most logs first.</summary>
    Count,

    /// <summary>Most recently seen first.</summary>
    Recency,
}
