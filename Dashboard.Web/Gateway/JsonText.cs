using System.Text;
using System.Text.Json;

namespace Dashboard.Web.Gateway;

/// <summary>Pretty-printing of JSON payloads (log properties, alerts) for display.</summary>
public static class JsonText
{
    private static readonly JsonWriterOptions IndentedWriter = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Indented(JsonElement? element)
    {
        if (element is not { } value || value.ValueKind is JsonValueKind.Undefined) return "";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, IndentedWriter))
        {
            value.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>One line, for a table cell.</summary>
    public static string Compact(JsonElement? element)
        => element is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } value ? value.GetRawText() : "";
}
