using LogPlatform.Notifications;
using LogPlatform.Storage.Alerting;

namespace Analysis.Service.Alerting;

public static class AlertingServiceCollectionExtensions
{
    /// <summary>
    /// The alert rules' evaluator (run by the active analysis instance, on the pipeline's thread), its store and dispatcher,
    /// with options (section <c>Alerting</c>) validated at start. Needs the analysis' Redis and PostgreSQL clients.
    /// </summary>
    public static IHostApplicationBuilder AddAlertRuleEvaluation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertingOptions>()
            .BindConfiguration(AlertingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddNotificationOutbox();
        builder.Services.AddSingleton<AlertingTelemetry>();
        builder.Services.AddSingleton<AlertRuleQueries>();
        builder.Services.AddSingleton<SilenceQueries>();
        builder.Services.AddSingleton<AlertRuleStore>();
        builder.Services.AddSingleton<AlertDispatcher>();
        builder.Services.AddSingleton<AlertRuleChanges>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AlertRuleChanges>());
        builder.Services.AddSingleton<AlertRuleEvaluation>();
        builder.Services.AddHostedService<SystemAlertRouter>();
        return builder;
    }
}
