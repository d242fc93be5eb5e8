using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Realtime.Gateway.Alerting;

/// <summary>The alerting API's answers: problem details naming the field (snake_case wire names), 404s, 201 with Location.</summary>
internal static class AlertingResults
{
    public const string InvalidQuery = "Invalid query parameters";

    public static IResult Invalid(string title, string field, string message) => Results.ValidationProblem(
        new Dictionary<string, string[]> { [field] = [message] }, title: title);

    public static IResult Invalid(string title, Dictionary<string, string[]> errors) => Results.ValidationProblem(errors, title: title);

    public static IResult NotFound(string what, Guid id)
        => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: $"No {what.ToLowerInvariant()} has id {id}.");

    public static IResult NameTaken(string title, string name) => Results.ValidationProblem(
        new Dictionary<string, string[]> { ["name"] = [$"'{name}' is already taken."] }, statusCode: StatusCodes.Status409Conflict, title: title);

    public static IResult Created<T>(HttpResponse response, string location, T value, JsonTypeInfo<T> type)
    {
        response.Headers.Location = location;
        return Results.Json(value, type, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// Reads a JSON body with the source-generated <paramref name="type"/>. A malformed body, or a value of the wrong type, is a
    /// 400 naming the field from the reader's path (<c>$.email.port</c> is <c>email.port</c>; the whole body is <c>body</c>).
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, string title,
        CancellationToken cancellationToken) where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, type, cancellationToken);
            return value is null ? (null, Invalid(title, "body", "must be a JSON object.")) : (value, null);
        }
        catch (JsonException e)
        {
            var field = FieldOf(e.Path);
            return (null, Invalid(title, field, field == "body" ? "must be a JSON object." : "has a value of the wrong type."));
        }
    }

    private static string FieldOf(string? path)
    {
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal)) return "body";
        var field = path[2..];
        var index = field.IndexOf('[');
        return index > 0 ? field[..index] : field;
    }
}
