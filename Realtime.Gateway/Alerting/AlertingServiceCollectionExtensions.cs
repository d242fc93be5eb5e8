using LogPlatform.Notifications;
using LogPlatform.Security;
using LogPlatform.Storage.Alerting;

namespace Realtime.Gateway.Alerting;

public static class AlertingServiceCollectionExtensions
{
    /// <summary>
    /// The alerting API's services: its queries, the outbox a channel's test goes through, the change notice the evaluators
    /// reload on, and the admin key that guards every change (configuration <c>Admin:Key</c>).
    /// </summary>
    public static IHostApplicationBuilder AddAlerting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAdminKey();
        builder.Services.AddNotificationOutbox();
        builder.Services.AddSingleton<NotificationChannelQueries>();
        builder.Services.AddSingleton<AlertQueries>();
        builder.Services.AddSingleton<SilenceQueries>();
        builder.Services.AddSingleton<AlertRuleQueries>();
        builder.Services.AddSingleton<AlertRuleChanges>();
        return builder;
    }
}
