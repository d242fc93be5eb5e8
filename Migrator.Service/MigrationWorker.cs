using Migrator.Service.Schema;
using Npgsql;

namespace Migrator.Service;

/// <summary>
/// Applies the schema once and stops the host (the Aspire database-migrations pattern): the AppHost starts the services
/// that use the database when this resource has completed (<c>WaitForCompletion</c>). Failure sets exit code 1.
/// </summary>
public sealed partial class MigrationWorker(
    NpgsqlDataSource dataSource, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<MigrationWorker> logger) : BackgroundService
{
    public const int FailedExitCode = 1;
    public const int StartFailedExitCode = 2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = MigratorTelemetry.StartApplySchema();
        try
        {
            var schema = await LogsSchema.ApplyAsync(dataSource, time, stoppingToken);
            MigratorTelemetry.Applied(activity, schema);
            if (schema.Migrations.Count == 0) LogUpToDate(schema.PartitionsFrom, schema.PartitionsTo);
            else LogApplied(schema.Migrations.Count, string.Join(", ", schema.Migrations), schema.PartitionsFrom, schema.PartitionsTo);
        }
        catch (Exception ex)
        {
            // Stopped before the end counts as a failure too: the schema may not be complete.
            MigratorTelemetry.Failed(activity, ex);
            LogFailed(ex, ex.GetType().Name, ex.Message);
            Environment.ExitCode = FailedExitCode;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(LogLevel.Information, "Schema up to date; daily partitions {From:yyyy-MM-dd} to {To:yyyy-MM-dd} in place")]
    private partial void LogUpToDate(DateOnly from, DateOnly to);

    [LoggerMessage(LogLevel.Information,
        "Applied {Count} migration(s): {Migrations}; daily partitions {From:yyyy-MM-dd} to {To:yyyy-MM-dd} in place")]
    private partial void LogApplied(int count, string migrations, DateOnly from, DateOnly to);

    [LoggerMessage(LogLevel.Error, "Schema not applied: {ErrorType}: {Error}")]
    private partial void LogFailed(Exception exception, string errorType, string error);
}
