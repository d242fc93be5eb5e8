namespace Analysis.Service.Patterns;

/// <summary>The pattern a line was grouped into, and whether that created or changed the pattern.</summary>
public readonly record struct MinedLine(LogPattern Pattern, PatternChange Change);
