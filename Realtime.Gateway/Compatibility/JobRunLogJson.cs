using System.Text.Json;
using LogPlatform.Contracts;

namespace Realtime.Gateway.Compatibility;

/// <summary>
/// A stored log in the bare shape job-run log viewers read: the log's own fields at the top level (<c>id</c>,
/// <c>timestamp</c>, <c>level</c>, <c>message</c>, <c>source</c>, <c>application</c>, <c>metadata</c> = its properties) and
/// the job-run fields lifted from its properties (<c>job_run_id</c>, <c>task_run_id</c>, <c>stream</c>, <c>task_name</c>),
/// written only when the log has them. Ids are written as strings, as those clients type them.
/// </summary>
public static class JobRunLogJson
{
    public const string JobRunId = "job_run_id";
    public const string TaskRunId = "task_run_id";
    public const string Stream = "stream";
    public const string TaskName = "task_name";

    /// <summary>The property names these clients filter and read by: known to the platform before any log carries them.</summary>
    /// <remarks>The same fields the job-run streams lift (<see cref="JobLogFormat.JobFields"/>).</remarks>
    public static readonly string[] PropertyNames = JobLogFormat.JobFields;

    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText LevelName = JsonEncodedText.Encode("level");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText ApplicationName = JsonEncodedText.Encode("application");
    private static readonly JsonEncodedText MetadataName = JsonEncodedText.Encode("metadata");

    public static void Write(Utf8JsonWriter json, LogEvent log)
    {
        json.WriteStartObject();
        json.WriteNumber(IdName, log.Id);
        var properties = log.Properties is { ValueKind: JsonValueKind.Object } p ? p : (JsonElement?)null;
        foreach (var name in PropertyNames)
        {
            if (BareLogWriter.Property(log, name) is { } value) json.WriteString(name, value);
        }
        json.WriteString(TimestampName, log.Timestamp.UtcDateTime);
        json.WriteString(LevelName, log.Level.ToWireName());
        json.WriteString(MessageName, log.Message);
        json.WriteString(SourceName, log.Source);
        json.WriteString(ApplicationName, log.Application);
        if (properties is { } metadata)
        {
            json.WritePropertyName(MetadataName);
            metadata.WriteTo(json);
        }
        json.WriteEndObject();
    }
}
