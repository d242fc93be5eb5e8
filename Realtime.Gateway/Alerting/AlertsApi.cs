using LogPlatform.Contracts;
using LogPlatform.Security;
using LogPlatform.Storage.Alerting;
using Realtime.Gateway.Security;

namespace Realtime.Gateway.Alerting;

/// <summary><c>/api/v1/alerts</c>: the incidents the rules raised (firing or resolved), and their acknowledgement.</summary>
public static class AlertsApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;
    public const int MaxByLength = 200;
    private const string AcknowledgeTitle = "Invalid acknowledgement";

    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/v1/alerts").WithTags("Alerting").RequireStreamToken().AllowBrowserOrigins()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        alerts.MapGet("/", SearchAsync).WithName("ListAlerts")
            .WithSummary("Incidents of alert rules, newest first")
            .WithDescription($"state (firing or resolved), rule_id, from/to (ISO 8601, on when they started), limit (1..{MaxLimit}, default {DefaultLimit}).")
            .ProducesValidationProblem();
        alerts.MapPost("/{id:guid}/acknowledge", AcknowledgeAsync).RequireAdminKey().WithName("AcknowledgeAlert")
            .WithSummary("Record who took an incident on, and when (admin): body {\"by\": \"alice\"}")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> SearchAsync(HttpRequest request, AlertQueries queries, CancellationToken cancellationToken)
    {
        var query = request.Query;
        if (AlertingQuery.RejectUnknown(query, "state", "rule_id", "from", "to", "limit") is { } unknown) return unknown;
        var state = query["state"].ToString() is { Length: > 0 } s ? s : null;
        if (state is not (null or AlertStates.Firing or AlertStates.Resolved))
        {
            return AlertingResults.Invalid(AlertingResults.InvalidQuery, "state", "must be 'firing' or 'resolved'.");
        }
        Guid? ruleId = null;
        if (query["rule_id"].ToString() is { Length: > 0 } ruleText)
        {
            if (!Guid.TryParse(ruleText, out var parsed)) return AlertingResults.Invalid(AlertingResults.InvalidQuery, "rule_id", "must be a rule's id (a GUID).");
            ruleId = parsed;
        }
        IResult? problem = null;
        if (!AlertingQuery.TryReadTime(query, "from", out var from, ref problem) || !AlertingQuery.TryReadTime(query, "to", out var to, ref problem)) return problem!;
        if (from >= to) return AlertingResults.Invalid(AlertingResults.InvalidQuery, "from", "must be before 'to'.");
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, out limit) || limit < 1 || limit > MaxLimit))
        {
            return AlertingResults.Invalid(AlertingResults.InvalidQuery, "limit", $"must be a whole number from 1 to {MaxLimit}.");
        }
        var alerts = await queries.SearchAsync(new AlertSearch(state, ruleId, from, to, limit), cancellationToken);
        return Results.Json(new AlertList([.. alerts.Select(AlertResponse.From)]), AlertingJsonContext.Default.AlertList);
    }

    private static async Task<IResult> AcknowledgeAsync(Guid id, HttpRequest request, AlertQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await AlertingResults.ReadAsync(request, AlertingJsonContext.Default.AcknowledgeBody, AcknowledgeTitle, cancellationToken);
        if (problem is not null) return problem;
        var by = body!.By?.Trim();
        if (string.IsNullOrEmpty(by)) return AlertingResults.Invalid(AcknowledgeTitle, "by", "is required: who takes the incident on.");
        if (by.Length > MaxByLength) return AlertingResults.Invalid(AcknowledgeTitle, "by", $"must be at most {MaxByLength} characters.");
        return await queries.AcknowledgeAsync(id, by, time.GetUtcNow(), cancellationToken) is { } alert
            ? Results.Json(AlertResponse.From(alert), AlertingJsonContext.Default.AlertResponse)
            : AlertingResults.NotFound("Alert", id);
    }
}
