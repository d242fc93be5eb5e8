using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Writes the health report as JSON, so a failing check says which dependency and why:
/// <c>{"status":"healthy","checks":{...}}</c>, then the fields of every registered <see cref="IHealthBodyFields"/>.
/// </summary>
internal static class HealthResponseWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", StatusName(report.Status));
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", StatusName(entry.Status));
                if (entry.Description is not null) json.WriteString("description", entry.Description);
                if (entry.Exception is not null) json.WriteString("error", entry.Exception.Message);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            foreach (var fields in context.RequestServices.GetServices<IHealthBodyFields>())
            {
                await fields.WriteAsync(json, report, context.RequestAborted);
            }
            json.WriteEndObject();
        }
        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
    }

    /// <summary>Lower case, as health bodies conventionally say it ("healthy", "degraded", "unhealthy").</summary>
    internal static string StatusName(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
