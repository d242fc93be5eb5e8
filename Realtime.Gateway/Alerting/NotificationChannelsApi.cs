using System.Text;
using LogPlatform.Alerting.Rules;
using LogPlatform.Contracts;
using LogPlatform.Notifications.Outbox;
using LogPlatform.Security;
using LogPlatform.Storage.Alerting;
using Realtime.Gateway.Security;
using StackExchange.Redis;

namespace Realtime.Gateway.Alerting;

/// <summary>
/// <c>/api/v1/notification-channels</c>: where alerts are sent (webhook, Slack, Discord, email), with a test that goes through
/// the outbox like a real notification; and <c>GET /api/v1/notifications/dead</c>, the deliveries that failed every attempt.
/// </summary>
public static class NotificationChannelsApi
{
    public const int DefaultDeadLimit = 50;
    public const int MaxDeadLimit = 1_000;

    public static IEndpointRouteBuilder MapNotificationChannelsApi(this IEndpointRouteBuilder app)
    {
        var channels = app.MapGroup("/api/v1/notification-channels").WithTags("Alerting").RequireStreamToken().AllowBrowserOrigins()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        channels.MapGet("/", ListAsync).WithName("ListNotificationChannels").WithSummary("The notification channels, by name (secrets never shown)");
        channels.MapGet("/{id:guid}", FindAsync).WithName("GetNotificationChannel").WithSummary("One notification channel")
            .ProducesProblem(StatusCodes.Status404NotFound);
        channels.MapPost("/", CreateAsync).RequireAdminKey().WithName("CreateNotificationChannel")
            .WithSummary("Add a channel (admin): kind webhook (url, secret = signing key), slack or discord (secret = webhook URL), email")
            .ProducesValidationProblem();
        channels.MapPut("/{id:guid}", UpdateAsync).RequireAdminKey().WithName("UpdateNotificationChannel")
            .WithSummary("Replace a channel's settings (admin); without 'secret' the stored secret is kept").ProducesValidationProblem();
        channels.MapDelete("/{id:guid}", DeleteAsync).RequireAdminKey().WithName("DeleteNotificationChannel")
            .WithSummary("Delete a channel (admin); refused (409) while a rule names it");
        channels.MapPost("/{id:guid}/test", TestAsync).RequireAdminKey().WithName("TestNotificationChannel")
            .WithSummary("Send a test notification through the outbox (admin): 202 with the delivery's id");

        app.MapGet("/api/v1/notifications/dead", DeadAsync).WithTags("Alerting").RequireStreamToken().AllowBrowserOrigins()
            .WithName("ListDeadNotifications")
            .WithSummary($"Deliveries that failed every attempt, newest first, with the last error (limit, default {DefaultDeadLimit})");
        return app;
    }

    private static async Task<IResult> ListAsync(NotificationChannelQueries queries, CancellationToken cancellationToken)
    {
        var rows = await queries.ListAsync(cancellationToken);
        return Results.Json(new NotificationChannelList([.. rows.Select(NotificationChannelCheck.Response)]), AlertingJsonContext.Default.NotificationChannelList);
    }

    private static async Task<IResult> FindAsync(Guid id, NotificationChannelQueries queries, CancellationToken cancellationToken)
        => await queries.FindAsync(id, cancellationToken) is { } row
            ? Results.Json(NotificationChannelCheck.Response(row), AlertingJsonContext.Default.NotificationChannelResponse)
            : AlertingResults.NotFound("Notification channel", id);

    private static async Task<IResult> CreateAsync(HttpRequest request, HttpResponse response, NotificationChannelQueries queries,
        AlertRuleChanges changes, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await AlertingResults.ReadAsync(request, AlertingJsonContext.Default.NotificationChannelBody, NotificationChannelCheck.Title, cancellationToken);
        if (problem is not null) return problem;
        if (!NotificationChannelCheck.TryCreate(body!, null, out var write, out var errors)) return AlertingResults.Invalid(NotificationChannelCheck.Title, errors);
        var id = Guid.NewGuid();
        NotificationChannelRow row;
        try
        {
            row = await queries.InsertAsync(id, write, time.GetUtcNow(), cancellationToken);
        }
        catch (NameTakenException e)
        {
            return AlertingResults.NameTaken(NotificationChannelCheck.Title, e.Name);
        }
        await changes.PublishAsync(id);
        return AlertingResults.Created(response, $"/api/v1/notification-channels/{id}", NotificationChannelCheck.Response(row),
            AlertingJsonContext.Default.NotificationChannelResponse);
    }

    private static async Task<IResult> UpdateAsync(Guid id, HttpRequest request, NotificationChannelQueries queries, AlertRuleChanges changes,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await AlertingResults.ReadAsync(request, AlertingJsonContext.Default.NotificationChannelBody, NotificationChannelCheck.Title, cancellationToken);
        if (problem is not null) return problem;
        if (await queries.FindAsync(id, cancellationToken) is not { } existing) return AlertingResults.NotFound("Notification channel", id);
        if (!NotificationChannelCheck.TryCreate(body!, existing, out var write, out var errors)) return AlertingResults.Invalid(NotificationChannelCheck.Title, errors);
        NotificationChannelRow? row;
        try
        {
            row = await queries.UpdateAsync(id, write, time.GetUtcNow(), cancellationToken);
        }
        catch (NameTakenException e)
        {
            return AlertingResults.NameTaken(NotificationChannelCheck.Title, e.Name);
        }
        if (row is null) return AlertingResults.NotFound("Notification channel", id);
        await changes.PublishAsync(id);
        return Results.Json(NotificationChannelCheck.Response(row), AlertingJsonContext.Default.NotificationChannelResponse);
    }

    private static async Task<IResult> DeleteAsync(Guid id, NotificationChannelQueries queries, AlertRuleChanges changes, CancellationToken cancellationToken)
    {
        var deletion = await queries.DeleteAsync(id, cancellationToken);
        if (!deletion.Found) return AlertingResults.NotFound("Notification channel", id);
        if (!deletion.Deleted)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Notification channel in use",
                detail: $"Rules still notify it: {string.Join(", ", deletion.UsedBy)}. Remove it from their channel_ids first.");
        }
        await changes.PublishAsync(id);
        return Results.NoContent();
    }

    private static async Task<IResult> TestAsync(Guid id, NotificationChannelQueries queries, INotificationOutbox outbox, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await queries.FindAsync(id, cancellationToken) is not { } channel) return AlertingResults.NotFound("Notification channel", id);
        var now = time.GetUtcNow();
        var notice = new AlertNotice
        {
            AlertId = Guid.NewGuid().ToString(),
            RuleId = "",
            RuleName = "Test notification",
            State = AlertStates.Test,
            Severity = AlertSeverities.Info,
            Message = $"A test of channel '{channel.Name}' from LogPlatform: notifications reach you.",
            StartedAt = now,
            Timestamp = now,
        };
        var deliveryId = await outbox.EnqueueAsync(id, notice, cancellationToken);
        return Results.Json(new TestDeliveryResponse(deliveryId), AlertingJsonContext.Default.TestDeliveryResponse, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> DeadAsync(IConnectionMultiplexer redis, int? limit)
    {
        var count = limit ?? DefaultDeadLimit;
        if (count is < 1 or > MaxDeadLimit)
        {
            return AlertingResults.Invalid(AlertingResults.InvalidQuery, "limit", $"must be a whole number from 1 to {MaxDeadLimit}.");
        }
        var newestFirst = await redis.GetDatabase().ListRangeAsync(RedisNames.Notifications.Dead, 0, count - 1);
        // The entries are NotificationDelivery JSON already: joined, not re-serialised.
        var body = new StringBuilder("{\"deliveries\":[");
        for (var i = 0; i < newestFirst.Length; i++)
        {
            if (i > 0) body.Append(',');
            body.Append((string?)newestFirst[i]);
        }
        return Results.Text(body.Append("]}").ToString(), "application/json", Encoding.UTF8);
    }
}
