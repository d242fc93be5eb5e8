using System.Text;
using System.Text.Json;

namespace Ingest.Api.Protocols.Otlp;

/// <summary>
/// OTLP/HTTP answers in the request's encoding: <c>ExportLogsServiceResponse</c> (with <c>partial_success</c> when records
/// were rejected) for success, <c>google.rpc.Status</c> for failures.
/// </summary>
public static class OtlpResponses
{
    public const string ProtobufContentType = "application/x-protobuf";
    public const string JsonContentType = "application/json";
    private const int InvalidArgument = 3, ResourceExhausted = 8, Unavailable = 14;

    public static IResult Success(bool json, long rejected, string? message)
    {
        if (json)
        {
            return Json(StatusCodes.Status200OK, writer =>
            {
                if (rejected == 0) return;
                writer.WriteStartObject("partialSuccess");
                writer.WriteString("rejectedLogRecords", rejected.ToString(System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteString("errorMessage", message ?? "");
                writer.WriteEndObject();
            });
        }
        return new Answer(StatusCodes.Status200OK, ProtobufContentType, ExportResponse(rejected, message));
    }

    /// <summary>An <c>ExportLogsServiceResponse</c>: empty, or with <c>partial_success</c> when records were rejected.</summary>
    public static byte[] ExportResponse(long rejected, string? message)
    {
        if (rejected == 0) return [];
        var partial = new List<byte>();
        partial.Add(1 << 3 | 0); // rejected_log_records, varint
        WriteVarint(partial, (ulong)rejected);
        WriteString(partial, 2, message ?? "");
        var response = new List<byte>();
        response.Add(1 << 3 | 2); // partial_success, length-delimited
        WriteVarint(response, (ulong)partial.Count);
        response.AddRange(partial);
        return response.ToArray();
    }

    public static IResult Failure(bool json, int statusCode, string message)
    {
        var code = statusCode switch
        {
            StatusCodes.Status429TooManyRequests => ResourceExhausted,
            StatusCodes.Status503ServiceUnavailable => Unavailable,
            _ => InvalidArgument,
        };
        if (json)
        {
            return Json(statusCode, writer =>
            {
                writer.WriteNumber("code", code);
                writer.WriteString("message", message);
            });
        }
        var status = new List<byte> { 1 << 3 | 0 };
        WriteVarint(status, (ulong)code);
        WriteString(status, 2, message);
        return new Answer(statusCode, ProtobufContentType, status.ToArray());
    }

    private static IResult Json(int statusCode, Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }
        return new Answer(statusCode, JsonContentType, buffer.ToArray());
    }

    private static void WriteString(List<byte> target, int field, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        target.Add((byte)(field << 3 | 2));
        WriteVarint(target, (ulong)bytes.Length);
        target.AddRange(bytes);
    }

    private static void WriteVarint(List<byte> target, ulong value)
    {
        while (value >= 0x80)
        {
            target.Add((byte)(value | 0x80));
            value >>= 7;
        }
        target.Add((byte)value);
    }

    /// <summary>A status, a content type and a body (Results.Bytes has no status code).</summary>
    private sealed class Answer(int statusCode, string contentType, byte[] body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = contentType;
            httpContext.Response.ContentLength = body.Length;
            return httpContext.Response.Body.WriteAsync(body).AsTask();
        }
    }
}
