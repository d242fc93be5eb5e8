namespace Analysis.Service.Patterns;

/// <summary>What mining one line did to its pattern.</summary>
public enum PatternChange
{
    /// <summary>The line fitted the template as it was.</summary>
    None,

    /// <summary>The template took <c>&lt;*&gt;</c> where the line differed.</summary>
    Generalised,

    /// <summary>No template was similar enough: the line started a pattern.</summary>
    Created,
}
