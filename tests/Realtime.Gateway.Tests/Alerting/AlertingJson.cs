using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Realtime.Gateway.Tests.Alerting;

/// <summary>Sending and reading the alerting API's JSON, and its problem details.</summary>
internal static class AlertingJson
{
    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient http, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = body is string text ? new StringContent(text, System.Text.Encoding.UTF8, "application/json") : JsonContent.Create(body);
        using var response = await http.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, content.Length == 0 ? default : JsonDocument.Parse(content).RootElement.Clone());
    }

    public static async Task<JsonElement> ExpectAsync(HttpStatusCode expected, HttpClient http, HttpMethod method, string path, object? body = null)
    {
        var (status, json) = await SendAsync(http, method, path, body);
        Assert.True(status == expected, $"{method} {path}: {(int)status}, expected {(int)expected}: {json}");
        return json;
    }

    /// <summary>A 400 whose problem details name <paramref name="field"/> in <c>errors</c>.</summary>
    public static async Task<JsonElement> ExpectInvalidAsync(string field, HttpClient http, HttpMethod method, string path, object body)
    {
        var problem = await ExpectAsync(HttpStatusCode.BadRequest, http, method, path, body);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors do not name '{field}': {problem}");
        return problem;
    }

    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
