using LogPlatform.Storage.Writing;
using Worker.Service;
using Worker.Service.Consuming;
using Worker.Service.Maintenance;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddNpgsqlDataSource("logs");

builder.Services.AddOptions<WorkerOptions>()
    .BindConfiguration(WorkerOptions.Section)
    .ValidateDataAnnotations()
    .Validate(o => o.ClaimIdleTime > TimeSpan.Zero && o.Linger >= TimeSpan.Zero, "Worker:ClaimIdleTime must be positive and Worker:Linger not negative.")
    .Validate(o => o.ConsumerExpiry > o.ClaimIdleTime, "Worker:ConsumerExpiry must be longer than Worker:ClaimIdleTime.")
    .ValidateOnStart();
// Time for in-flight batches to finish on SIGTERM.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
builder.Services.AddSingleton<LogBatchWriter>();
builder.Services.AddSingleton<WorkerTelemetry>();
builder.Services.AddSingleton<DeadLetters>();
builder.Services.AddSingleton<DeadConsumerSweeper>();
builder.Services.AddSingleton<BatchProcessor>();
builder.Services.AddHostedService<StreamConsumer>();
builder.Services.AddHostedService<PartitionMaintenance>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Visible to tests.</summary>
public partial class Program;
