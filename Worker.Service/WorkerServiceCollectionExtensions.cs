using LogPlatform.Storage.Writing;
using Worker.Service.Consuming;
using Worker.Service.Maintenance;
using Worker.Service.PropertyNames;
using Worker.Service.Telemetry;

namespace Worker.Service;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>Options (validated at start), the bulk writer, the consumer pool, dead letters, partition upkeep, telemetry.</summary>
    public static IHostApplicationBuilder AddWorker(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.ClaimIdleTime > TimeSpan.Zero && o.Linger >= TimeSpan.Zero,
                "Worker:ClaimIdleTime must be positive and Worker:Linger not negative.")
            .Validate(o => o.ConsumerExpiry > o.ClaimIdleTime && o.ConsumerExpiry > o.HeartbeatInterval,
                "Worker:ConsumerExpiry must be longer than Worker:ClaimIdleTime and Worker:HeartbeatInterval.")
            .Validate(o => o.HeartbeatInterval > TimeSpan.Zero, "Worker:HeartbeatInterval must be positive.")
            .ValidateOnStart();
        // Time for in-flight batches to finish on SIGTERM.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));

        services.AddSingleton<LogBatchWriter>();
        services.AddSingleton<WorkerTelemetry>();
        services.AddSingleton<DeadLetters>();
        services.AddSingleton<ConsumerLiveness>();
        services.AddSingleton<BatchProcessor>();
        services.AddSingleton<PropertyNameRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<PropertyNameRecorder>());
        services.AddHostedService<StreamConsumer>();
        services.AddHostedService<PartitionMaintenance>();
        return builder;
    }
}
