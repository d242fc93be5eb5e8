namespace Ingest.Api.Formats;

/// <summary>How a parsed property is written into <c>properties</c>.</summary>
public enum TextPropertyKind : byte
{
    String,
    /// <summary>A value known in advance (a facility name), already encoded.</summary>
    Encoded,
    Integer,
    Number,
    True,
}
