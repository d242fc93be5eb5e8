using LogPlatform.Security;
using LogPlatform.Storage.Alerting;
using Realtime.Gateway.Security;

namespace Realtime.Gateway.Alerting;

/// <summary>
/// <c>/api/v1/alert-silences</c>: mute a rule, or one of its groups, until a time (notifications stop; incidents are still
/// recorded). Every change is announced on <c>alert-rules:changed</c> with the rule's id, so the evaluators apply it at once.
/// </summary>
public static class AlertSilencesApi
{
    public const int MaxTextLength = 2_000;
    public const int MaxGroupLength = 200;
    private const string Title = "Invalid silence";

    public static IEndpointRouteBuilder MapAlertSilencesApi(this IEndpointRouteBuilder app)
    {
        var silences = app.MapGroup("/api/v1/alert-silences").WithTags("Alerting").RequireStreamToken().AllowBrowserOrigins()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        silences.MapGet("/", ListAsync).WithName("ListAlertSilences").WithSummary("Silences in force, newest first (all=true: expired ones too)");
        silences.MapPost("/", CreateAsync).RequireAdminKey().WithName("CreateAlertSilence")
            .WithSummary("Silence a rule, or one group of it, until a time in the future (admin; reason required)").ProducesValidationProblem();
        silences.MapDelete("/{id:guid}", DeleteAsync).RequireAdminKey().WithName("DeleteAlertSilence").WithSummary("End a silence (admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, SilenceQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        if (AlertingQuery.RejectUnknown(request.Query, "all") is { } unknown) return unknown;
        var all = false;
        if (request.Query["all"].ToString() is { Length: > 0 } allText && !bool.TryParse(allText, out all))
        {
            return AlertingResults.Invalid(AlertingResults.InvalidQuery, "all", "must be true or false.");
        }
        var silences = await queries.ListAsync(all, time.GetUtcNow(), cancellationToken);
        return Results.Json(new SilenceList([.. silences.Select(SilenceResponse.From)]), AlertingJsonContext.Default.SilenceList);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, HttpResponse response, SilenceQueries queries, AlertRuleChanges changes,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await AlertingResults.ReadAsync(request, AlertingJsonContext.Default.SilenceBody, Title, cancellationToken);
        if (problem is not null) return problem;
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        if (body!.RuleId is null || body.RuleId == Guid.Empty) errors["rule_id"] = ["is required: the id of the rule to silence."];
        if (body.Until is not { } until) errors["until"] = ["is required: when the silence ends (ISO 8601)."];
        else if (until <= now) errors["until"] = ["must be in the future."];
        var reason = body.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) errors["reason"] = ["is required: why the rule is silenced."];
        else if (reason.Length > MaxTextLength) errors["reason"] = [$"must be at most {MaxTextLength} characters."];
        if (body.Group is { Length: > MaxGroupLength }) errors["group"] = [$"must be at most {MaxGroupLength} characters."];
        var createdBy = body.CreatedBy?.Trim() ?? "";
        if (createdBy.Length > MaxGroupLength) errors["created_by"] = [$"must be at most {MaxGroupLength} characters."];
        if (errors.Count > 0) return AlertingResults.Invalid(Title, errors);

        var silence = new SilenceRow(Guid.NewGuid(), body.RuleId!.Value, body.Group, body.Until!.Value, reason!, createdBy, now);
        if (!await queries.InsertAsync(silence, cancellationToken))
        {
            return AlertingResults.Invalid(Title, "rule_id", $"is no rule's id ({silence.RuleId}).");
        }
        await changes.PublishAsync(silence.RuleId);
        return AlertingResults.Created(response, $"/api/v1/alert-silences/{silence.Id}", SilenceResponse.From(silence), AlertingJsonContext.Default.SilenceResponse);
    }

    private static async Task<IResult> DeleteAsync(Guid id, SilenceQueries queries, AlertRuleChanges changes, CancellationToken cancellationToken)
    {
        if (await queries.DeleteAsync(id, cancellationToken) is not { } ruleId) return AlertingResults.NotFound("Silence", id);
        await changes.PublishAsync(ruleId);
        return Results.NoContent();
    }
}
