namespace Migrator.Service;

public static class MigratorServiceCollectionExtensions
{
    /// <summary>The run-once schema worker. The database comes from <c>AddNpgsqlDataSource("logs")</c>.</summary>
    public static IHostApplicationBuilder AddMigrator(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<MigrationWorker>();
        return builder;
    }
}
