using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LogPlatform.Contracts;
using LogPlatform.Storage.Queries;
using Realtime.Gateway.Filtering;
using Realtime.Gateway.Security;
using Realtime.Gateway.Streaming;

namespace Realtime.Gateway.Compatibility;

/// <summary>
/// The REST history of job-run log viewers, over the one store: a job run's or a task run's logs in the order they
/// happened, paged by <c>limit</c>/<c>offset</c> with a <c>pagination</c> object, a job run's log file for one day, and the
/// stream status by scope. A job run is the logs whose <c>job_run_id</c> property is the id (a task run: <c>task_run_id</c>),
/// so these are LogPlatform's property filters with another paging and shape; any other filter parameter still applies.
/// </summary>
public static class JobRunHistoryApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;
    public const int MaxDownloadLogs = 1_000_000;

    private static readonly IReadOnlySet<string> PageParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "limit", "offset" };
    private static readonly IReadOnlySet<string> DownloadParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "date" };

    public static IEndpointRouteBuilder MapJobRunHistoryApi(this IEndpointRouteBuilder app)
    {
        var logs = app.MapGroup("/api/v1/logs").WithTags("Job runs").RequireStreamToken().RejectUnseenProperties().AllowBrowserOrigins();
        logs.MapGet("/job-runs/{jobRunId}", (string jobRunId, HttpRequest request, LogOffsetQueries queries, CancellationToken ct)
                => PageAsync(JobRunLogJson.JobRunId, jobRunId, request, queries, ct))
            .WithSummary("A job run's logs, oldest first, paged by limit and offset, with pagination {total, limit, offset, count}")
            .WithDescription($"limit 1..{MaxLimit} (default {DefaultLimit}), offset 0..{LogOffsetQueries.MaxOffset} (deeper: GET /api/v1/logs?job_run_id=ID " +
                             $"with cursor); total counts up to {LogOffsetQueries.MaxCountedTotal:N0}. Filters as on /api/v1/logs (level, stream=stderr, q...). " +
                             "Each log is bare: id, job_run_id, task_run_id, task_name, stream, timestamp, level, message, source, application, metadata.");
        logs.MapGet("/task-runs/{taskRunId}", (string taskRunId, HttpRequest request, LogOffsetQueries queries, CancellationToken ct)
                => PageAsync(JobRunLogJson.TaskRunId, taskRunId, request, queries, ct))
            .WithSummary("A task run's logs, oldest first, paged and shaped as a job run's");
        logs.MapGet("/job-runs/{jobRunId}/download", DownloadAsync)
            .WithSummary("A job run's logs as a text file to download; date=YYYY-MM-DD (UTC) narrows it to that day")
            .WithDescription($"One line per log, oldest first: 'timestamp [level] [stream] [task_name] message'; at most {MaxDownloadLogs:N0} lines.");
        app.MapGet("/api/v1/logs/stream/status", (ClientRegistry registry) => Results.Json(JobRunStreamStatus.From(registry.Clients),
                JobRunJsonContext.Default.JobRunStreamStatus))
            .WithTags("Job runs").WithSummary("Open log streams per scope (global, or per job run) and per protocol")
            .WithDescription("LogPlatform's own status, with streams, messages sent and dropped, is GET /api/v1/streams/status.")
            .RequireStreamToken().AllowBrowserOrigins();
        return app;
    }

    private static async Task<IResult> PageAsync(string property, string id, HttpRequest request, LogOffsetQueries queries, CancellationToken ct)
    {
        if (!TryReadFilter(property, id, request, PageParameters, out var filter, out var problem)) return problem;
        var query = request.Query;
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, out limit) || limit < 1 || limit > MaxLimit))
        {
            return Invalid("limit", $"'limit' must be a whole number from 1 to {MaxLimit}.");
        }
        var offset = 0;
        if (query.TryGetValue("offset", out var offsetText) && (!int.TryParse(offsetText, out offset) || offset < 0 || offset > LogOffsetQueries.MaxOffset))
        {
            return Invalid("offset", $"'offset' must be a whole number from 0 to {LogOffsetQueries.MaxOffset}; page further with " +
                                     $"GET /api/v1/logs?{property}=... and its cursor.");
        }

        var page = await queries.PageAsync(new LogRange(filter), offset, limit, ct);
        var body = new ArrayBufferWriter<byte>(4096);
        await using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteStartArray("logs");
            foreach (var log in page.Items) JobRunLogJson.Write(json, log);
            json.WriteEndArray();
            json.WriteStartObject("pagination");
            json.WriteNumber("total", page.Total);
            json.WriteNumber("limit", limit);
            json.WriteNumber("offset", offset);
            json.WriteNumber("count", page.Items.Count);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Results.Bytes(body.WrittenMemory.ToArray(), "application/json; charset=utf-8");
    }

    private static async Task DownloadAsync(string jobRunId, HttpContext context, LogOffsetQueries queries)
    {
        var request = context.Request;
        if (!TryReadFilter(JobRunLogJson.JobRunId, jobRunId, request, DownloadParameters, out var filter, out var problem))
        {
            await problem.ExecuteAsync(context);
            return;
        }
        DateTimeOffset? from = null, to = null;
        var dateText = request.Query["date"].ToString();
        if (dateText.Length > 0)
        {
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                await Invalid("date", "'date' must be a day as YYYY-MM-DD, e.g. 2024-01-15 (UTC).").ExecuteAsync(context);
                return;
            }
            from = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            to = from.Value.AddDays(1);
        }

        var response = context.Response;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.ContentDisposition =
            $"attachment; filename=\"job-run-{FileNamePart(jobRunId)}{(dateText.Length > 0 ? "-" + dateText : "")}.log\"";
        var written = 0;
        await foreach (var log in queries.ReadAsync(new LogRange(filter, from, to), MaxDownloadLogs + 1, context.RequestAborted))
        {
            if (written == MaxDownloadLogs)
            {
                response.BodyWriter.Write(Encoding.UTF8.GetBytes($"# truncated after {MaxDownloadLogs} logs\n"));
                break;
            }
            response.BodyWriter.Write(Encoding.UTF8.GetBytes(Line(log)));
            if (++written % 500 == 0) await response.BodyWriter.FlushAsync(context.RequestAborted);
        }
        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>One line of a job run's log file: time, level, stream and task when known, message.</summary>
    public static string Line(LogEvent log)
    {
        var line = new StringBuilder(64 + log.Message.Length);
        line.Append(log.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))
            .Append(" [").Append(log.Level.ToWireName()).Append(']');
        if (BareLogWriter.Property(log, JobRunLogJson.Stream) is { } stream) line.Append(" [").Append(stream).Append(']');
        if (BareLogWriter.Property(log, JobRunLogJson.TaskName) is { } task) line.Append(" [").Append(task).Append(']');
        // A message's own line breaks would make one log look like several.
        return line.Append(' ').Append(log.Message.ReplaceLineEndings("\\n")).Append('\n').ToString();
    }

    /// <summary>The filter of the query with the path's id as the property equality; the path's id wins over a query one.</summary>
    private static bool TryReadFilter(string property, string id, HttpRequest request, IReadOnlySet<string> honoured,
        out LogFilter filter, out IResult problem)
    {
        var parameters = request.Query
            .Where(q => !string.Equals(q.Key, property, StringComparison.OrdinalIgnoreCase))
            .Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString()))
            .Append(KeyValuePair.Create(property, (string?)id));
        if (LogFilter.TryParse(parameters, honoured, out filter, out var error))
        {
            problem = null!;
            return true;
        }
        problem = Invalid(error!.Parameter, error.Message);
        return false;
    }

    /// <summary>Letters, digits, '-', '_' and '.' of an id; anything else becomes '_', so a header cannot be forged.</summary>
    private static string FileNamePart(string id)
    {
        var safe = new StringBuilder(Math.Min(id.Length, 100));
        foreach (var c in id.AsSpan(0, Math.Min(id.Length, 100))) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        return safe.ToString();
    }

    private static IResult Invalid(string parameter, string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid query parameters", detail: detail, extensions: new Dictionary<string, object?> { ["parameter"] = parameter });
}
