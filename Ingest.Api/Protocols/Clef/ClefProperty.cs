namespace Ingest.Api.Protocols.Clef;

/// <summary>One property of a CLEF event: its (unescaped) name in the event's scratch buffer and its raw JSON value in the line.</summary>
public readonly record struct ClefProperty(int NameStart, int NameLength, int ValueStart, int ValueLength, int RawNameStart, int RawNameLength);
