using System.Text.Json;

namespace Ingest.Api.Protocols.Otlp;

/// <summary>Where OTLP's fields go in a log's <c>properties</c>: attributes and resource attributes in their own objects, so they never collide.</summary>
public static class OtlpNames
{
    public const string Protocol = "otlp";
    public static readonly JsonEncodedText ProtocolName = JsonEncodedText.Encode(Protocol);
    public static readonly JsonEncodedText Attributes = JsonEncodedText.Encode("attributes");
    public static readonly JsonEncodedText Resource = JsonEncodedText.Encode("resource");
    public static readonly JsonEncodedText Scope = JsonEncodedText.Encode("scope");
    public static readonly JsonEncodedText ScopeName = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText ScopeVersion = JsonEncodedText.Encode("version");
    public static readonly JsonEncodedText EventName = JsonEncodedText.Encode("event_name");
    public static readonly JsonEncodedText SeverityText = JsonEncodedText.Encode("severity_text");
    public static readonly JsonEncodedText SeverityNumber = JsonEncodedText.Encode("severity_number");
    public static readonly JsonEncodedText Body = JsonEncodedText.Encode("body");
    public static readonly JsonEncodedText DroppedAttributes = JsonEncodedText.Encode("dropped_attributes_count");
    public static readonly JsonEncodedText Flags = JsonEncodedText.Encode("flags");
    public static readonly JsonEncodedText TooDeep = JsonEncodedText.Encode("(nested too deep)");
}
