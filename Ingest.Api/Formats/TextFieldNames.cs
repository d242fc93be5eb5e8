using System.Text.Json;

namespace Ingest.Api.Formats;

/// <summary>The property names the text formats write, encoded once.</summary>
public static class TextFieldNames
{
    public static readonly JsonEncodedText Format = JsonEncodedText.Encode("format");
    public static readonly JsonEncodedText ParseError = JsonEncodedText.Encode("parse_error");
    public static readonly JsonEncodedText InvalidUtf8 = JsonEncodedText.Encode("invalid_utf8");
    public static readonly JsonEncodedText Level = JsonEncodedText.Encode("level");

    // Syslog
    public static readonly JsonEncodedText Facility = JsonEncodedText.Encode("facility");
    public static readonly JsonEncodedText Severity = JsonEncodedText.Encode("severity");
    public static readonly JsonEncodedText Pid = JsonEncodedText.Encode("pid");
    public static readonly JsonEncodedText MsgId = JsonEncodedText.Encode("msgid");

    // Access logs
    public static readonly JsonEncodedText Client = JsonEncodedText.Encode("client");
    public static readonly JsonEncodedText User = JsonEncodedText.Encode("user");
    public static readonly JsonEncodedText Method = JsonEncodedText.Encode("method");
    public static readonly JsonEncodedText Path = JsonEncodedText.Encode("path");
    public static readonly JsonEncodedText Protocol = JsonEncodedText.Encode("protocol");
    public static readonly JsonEncodedText Request = JsonEncodedText.Encode("request");
    public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    public static readonly JsonEncodedText Bytes = JsonEncodedText.Encode("bytes");
    public static readonly JsonEncodedText Referrer = JsonEncodedText.Encode("referrer");
    public static readonly JsonEncodedText UserAgent = JsonEncodedText.Encode("user_agent");
    public static readonly JsonEncodedText ResponseTimeMs = JsonEncodedText.Encode("response_time_ms");

    // CEF
    public static readonly JsonEncodedText CefVersion = JsonEncodedText.Encode("cef_version");
    public static readonly JsonEncodedText DeviceVendor = JsonEncodedText.Encode("device_vendor");
    public static readonly JsonEncodedText DeviceProduct = JsonEncodedText.Encode("device_product");
    public static readonly JsonEncodedText DeviceVersion = JsonEncodedText.Encode("device_version");
    public static readonly JsonEncodedText SignatureId = JsonEncodedText.Encode("signature_id");
    public static readonly JsonEncodedText CefSeverity = JsonEncodedText.Encode("cef_severity");
}
