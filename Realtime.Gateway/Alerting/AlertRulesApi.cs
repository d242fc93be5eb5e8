using LogPlatform.Alerting.Rules;
using LogPlatform.Security;
using LogPlatform.Storage.Alerting;
using Realtime.Gateway.Security;

namespace Realtime.Gateway.Alerting;

/// <summary>
/// <c>/api/v1/alert-rules</c>: the rules' CRUD. Bodies are <see cref="AlertRuleDraft"/>s checked by <see cref="AlertRule.TryCreate"/>
/// (the one validator, the evaluator's), plus that every channel exists. Every change is announced on <c>alert-rules:changed</c>.
/// </summary>
public static class AlertRulesApi
{
    public const string Title = "Invalid alert rule";

    public static IEndpointRouteBuilder MapAlertRulesApi(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/v1/alert-rules").WithTags("Alerting").RequireStreamToken().AllowBrowserOrigins()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        rules.MapGet("/", ListAsync).WithName("ListAlertRules").WithSummary("The alert rules, by name, each with its state (ok, firing, silenced)");
        rules.MapGet("/{id:guid}", FindAsync).WithName("GetAlertRule").WithSummary("One alert rule").ProducesProblem(StatusCodes.Status404NotFound);
        rules.MapPost("/", CreateAsync).RequireAdminKey().WithName("CreateAlertRule")
            .WithSummary("Add a rule (admin): filter, condition, threshold, window, severity, channels, repeat, settle, grouping")
            .ProducesValidationProblem();
        rules.MapPut("/{id:guid}", UpdateAsync).RequireAdminKey().WithName("UpdateAlertRule")
            .WithSummary("Replace a rule (admin); its version goes up, so the evaluator starts it afresh").ProducesValidationProblem();
        rules.MapDelete("/{id:guid}", DeleteAsync).RequireAdminKey().WithName("DeleteAlertRule")
            .WithSummary("Delete a rule and its silences (admin); its incidents stay as history");
        return app;
    }

    private static async Task<IResult> ListAsync(AlertRuleQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var rows = await queries.ListAsync(time.GetUtcNow(), cancellationToken);
        return Results.Json(new AlertRuleList([.. rows.Select(AlertRuleResponse.From)]), AlertingJsonContext.Default.AlertRuleList);
    }

    private static async Task<IResult> FindAsync(Guid id, AlertRuleQueries queries, TimeProvider time, CancellationToken cancellationToken)
        => await queries.FindAsync(id, time.GetUtcNow(), cancellationToken) is { } row
            ? Results.Json(AlertRuleResponse.From(row), AlertingJsonContext.Default.AlertRuleResponse)
            : AlertingResults.NotFound("Alert rule", id);

    private static async Task<IResult> CreateAsync(HttpRequest request, HttpResponse response, AlertRuleQueries queries, AlertRuleChanges changes,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (rule, problem) = await ReadRuleAsync(request, Guid.NewGuid(), cancellationToken);
        if (problem is not null) return problem;
        var (write, failed) = await WriteAsync(() => queries.InsertAsync(rule!, time.GetUtcNow(), cancellationToken), rule!);
        if (failed is not null) return failed;
        await changes.PublishAsync(rule!.Id);
        return AlertingResults.Created(response, $"/api/v1/alert-rules/{rule.Id}", AlertRuleResponse.From(write!), AlertingJsonContext.Default.AlertRuleResponse);
    }

    private static async Task<IResult> UpdateAsync(Guid id, HttpRequest request, AlertRuleQueries queries, AlertRuleChanges changes,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (rule, problem) = await ReadRuleAsync(request, id, cancellationToken);
        if (problem is not null) return problem;
        var (write, failed) = await WriteAsync(() => queries.UpdateAsync(rule!, time.GetUtcNow(), cancellationToken), rule!);
        if (failed is not null) return failed;
        if (write is null) return AlertingResults.NotFound("Alert rule", id);
        await changes.PublishAsync(id);
        return Results.Json(AlertRuleResponse.From(write), AlertingJsonContext.Default.AlertRuleResponse);
    }

    private static async Task<IResult> DeleteAsync(Guid id, AlertRuleQueries queries, AlertRuleChanges changes, CancellationToken cancellationToken)
    {
        if (!await queries.DeleteAsync(id, cancellationToken)) return AlertingResults.NotFound("Alert rule", id);
        await changes.PublishAsync(id);
        return Results.NoContent();
    }

    private static async Task<(AlertRule? Rule, IResult? Problem)> ReadRuleAsync(HttpRequest request, Guid id, CancellationToken cancellationToken)
    {
        var (draft, problem) = await AlertingResults.ReadAsync(request, AlertingJsonContext.Default.AlertRuleDraft, Title, cancellationToken);
        if (problem is not null) return (null, problem);
        // The version is the store's to set (1 on create, one more on each update).
        return AlertRule.TryCreate(id, draft!, 0, out var rule, out var errors) ? (rule, null) : (null, AlertingResults.Invalid(Title, errors));
    }

    /// <returns>The row written (null: no rule has the id), or the problem: channels that do not exist, or a name taken.</returns>
    private static async Task<(AlertRuleRow? Row, IResult? Problem)> WriteAsync(Func<Task<AlertRuleWrite>> write, AlertRule rule)
    {
        try
        {
            var written = await write();
            if (written.MissingChannels.Count > 0)
            {
                return (null, AlertingResults.Invalid(Title, "channel_ids", $"are no channels' ids: {string.Join(", ", written.MissingChannels)}."));
            }
            return (written.Row, null);
        }
        catch (NameTakenException)
        {
            return (null, AlertingResults.NameTaken(Title, rule.Name));
        }
    }
}
