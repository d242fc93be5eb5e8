namespace Realtime.Gateway.Alerting;

public static class AlertingEndpoints
{
    /// <summary>Alert rules, their incidents and silences, and the notification channels: reads with the stream token, changes also with <c>X-Admin-Key</c>.</summary>
    public static IEndpointRouteBuilder MapAlerting(this IEndpointRouteBuilder app)
    {
        app.MapAlertRulesApi();
        app.MapAlertsApi();
        app.MapAlertSilencesApi();
        app.MapNotificationChannelsApi();
        return app;
    }
}
