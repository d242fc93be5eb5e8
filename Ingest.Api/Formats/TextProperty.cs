using System.Text.Json;

namespace Ingest.Api.Formats;

/// <summary>
/// One member of a parsed log's <c>properties</c>: a well-known name (<see cref="KnownName"/>, encoded once) or a name
/// found in the text, and a string (<see cref="Value"/>) or a number.
/// </summary>
public readonly record struct TextProperty(JsonEncodedText KnownName, TextSpan Name, TextPropertyKind Kind, TextSpan Value, long Integer = 0,
    double Number = 0, JsonEncodedText EncodedValue = default);
