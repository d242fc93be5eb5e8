using LogPlatform.Notifications.Channels;
using LogPlatform.Notifications.Outbox;
using LogPlatform.Notifications.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LogPlatform.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>The outbox, for whatever raises notifications. Needs an <c>IConnectionMultiplexer</c>.</summary>
    public static IServiceCollection AddNotificationOutbox(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<INotificationOutbox, RedisNotificationOutbox>();
        return services;
    }

    /// <summary>
    /// The sender, with its options (section <c>Notifications</c>) validated at start and channels read from PostgreSQL.
    /// Needs an <c>IConnectionMultiplexer</c> and an <c>NpgsqlDataSource</c>.
    /// </summary>
    public static IHostApplicationBuilder AddNotificationSender(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>()
            .BindConfiguration(NotificationOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.IsValid(), "Notification options are inconsistent: delays and intervals must be positive, MaxDelay >= BaseDelay, " +
                                        "and SenderExpiry longer than a request and two polls.")
            .ValidateOnStart();
        builder.Services.AddNotificationOutbox();
        builder.Services.TryAddSingleton<INotificationChannelDirectory, PostgresChannelDirectory>();
        // Retries are the sender's own (the outbox's schedule, honouring Retry-After): no resilience handler repeating requests.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way out of the defaults.
        builder.Services.AddHttpClient<ChannelPoster>().RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.TryAddSingleton<EmailSender>();
        builder.Services.AddHostedService<NotificationSender>();
        return builder;
    }
}
