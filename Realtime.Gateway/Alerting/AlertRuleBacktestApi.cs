using LogPlatform.Alerting.Evaluation;
using LogPlatform.Alerting.Rules;
using LogPlatform.Contracts;
using LogPlatform.Storage.Alerting;
using LogPlatform.Storage.Analysis;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Realtime.Gateway.Api;
using Realtime.Gateway.Security;

namespace Realtime.Gateway.Alerting;

/// <summary>
/// <c>POST /api/v1/alert-rules/test</c>: how often a rule (unsaved: the editor's live preview) would have fired over the last
/// 24 hours, replaying the stored counts through the evaluator the analysis service runs.
/// </summary>
public static class AlertRuleBacktestApi
{
    public static readonly TimeSpan Period = TimeSpan.FromHours(24);
    private const int MaxBodyBytes = 64 * 1024;

    public static IHostApplicationBuilder AddAlertRuleBacktest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AlertBacktestQueries>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AlertingJsonContext.Default));
        return builder;
    }

    public static IEndpointRouteBuilder MapAlertRuleBacktest(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/alert-rules/test", (AlertRuleDraft draft, AlertBacktestQueries counts, PatternQueries patterns, TimeProvider time,
                CancellationToken cancellationToken) => TestAsync(Guid.Empty, draft, counts, patterns, time, cancellationToken))
            .WithTags("Alerts").RequireStreamToken().AllowBrowserOrigins()
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithSummary("How often a rule would have fired in the last 24 hours (the rule is not saved)");
        app.MapPost("/api/v1/alert-rules/{id:guid}/test", async (Guid id, AlertRuleQueries rules, AlertBacktestQueries counts, PatternQueries patterns,
                TimeProvider time, CancellationToken cancellationToken) =>
                await rules.FindAsync(id, time.GetUtcNow(), cancellationToken) is { } row
                    ? await TestAsync(id, row.Rule.ToDraft(), counts, patterns, time, cancellationToken)
                    : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such alert rule", detail: $"There is no alert rule {id}."))
            .WithTags("Alerts").RequireStreamToken().AllowBrowserOrigins()
            .WithSummary("How often a saved rule would have fired in the last 24 hours");
        return app;
    }

    /// <summary>Validates and replays <paramref name="draft"/>; shared with the saved rule's test.</summary>
    public static async Task<IResult> TestAsync(Guid id, AlertRuleDraft draft, AlertBacktestQueries counts, PatternQueries patterns, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!AlertRule.TryCreate(id, draft, 1, out var rule, out var errors)) return TypedResults.ValidationProblem(errors, title: "Invalid alert rule");
        var filter = rule!.Filter;
        if (rule.PatternId is { } patternId)
        {
            if (await patterns.FindRowAsync(PatternsApi.ParseId(patternId), cancellationToken) is not { } row)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["filter.pattern"] = [$"is no stored pattern's id ({patternId}); give a pattern id from /api/v1/patterns or a template."],
                }, title: "Invalid alert rule");
            }
            filter = new LogFilter
            {
                MinLevel = filter.MinLevel, LevelMask = filter.LevelMask, Source = filter.Source, Application = filter.Application ?? row.Application,
                Text = filter.Text, Pattern = row.Template, Properties = filter.Properties,
            };
        }
        var to = time.GetUtcNow();
        var from = to - Period;
        try
        {
            var points = await counts.CountsAsync(rule, filter, from, to, cancellationToken);
            return TypedResults.Ok(AlertBacktest.Run(rule, points, from, to));
        }
        catch (NpgsqlException ex) when (ex.InnerException is TimeoutException || ex is PostgresException { SqlState: "57014" })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The test took too long",
                detail: $"Counting a day of matching logs took more than {AlertBacktestQueries.TimeoutSeconds} s; narrow the filter (an application, a level) and try again.");
        }
    }
}
