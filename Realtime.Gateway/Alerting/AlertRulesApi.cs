namespace Realtime.Gateway.Alerting;

public static class AlertRulesApi
{
    public static IEndpointRouteBuilder MapAlertRulesApi(this IEndpointRouteBuilder app) => app;
}
