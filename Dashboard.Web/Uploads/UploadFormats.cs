namespace Dashboard.Web.Uploads;

/// <summary>The text formats Ingest parses (<c>?format=</c> of text logs and uploads), as the upload form offers them.</summary>
public static class UploadFormats
{
    public const string Default = "auto";

    public static IReadOnlyList<(string Name, string Label)> All { get; } =
    [
        ("auto", "detect per line"),
        ("syslog", "syslog (RFC 5424 or 3164)"),
        ("rfc5424", "syslog RFC 5424"),
        ("rfc3164", "syslog RFC 3164 (BSD)"),
        ("access", "Apache/Nginx access log"),
        ("cef", "CEF"),
        ("logfmt", "logfmt"),
        ("json", "JSON lines"),
    ];
}
