using System.Text.Json;

namespace Ingest.Api.Protocols.Clef;

/// <summary>
/// One property of a CLEF event: its unescaped name (in the line when it has no escapes, else in the event's scratch buffer)
/// and its raw JSON value in the line, with the value's first token, so the renderer writes scalars without reading them again.
/// </summary>
public readonly record struct ClefProperty(int NameStart, int NameLength, int ValueStart, int ValueLength, int RawNameStart, int RawNameLength,
    JsonTokenType Kind = JsonTokenType.None, bool NameInLine = false)
{
    public ReadOnlySpan<byte> Name(ReadOnlySpan<byte> line, ReadOnlySpan<byte> names)
        => (NameInLine ? line : names).Slice(NameStart, NameLength);
}

/// <summary>A raw JSON string token (quotes included) in the line: one element of <c>@r</c>.</summary>
public readonly record struct ClefRendering(int Start, int Length);
