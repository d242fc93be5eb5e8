namespace Migrator.Service.Schema;

/// <summary>What <see cref="LogsSchema.ApplyAsync(Npgsql.NpgsqlDataSource, TimeProvider, CancellationToken)"/> did.</summary>
/// <param name="Migrations">The migrations this call applied, oldest first (none when the database was up to date).</param>
/// <param name="PartitionsFrom">First day with a daily partition ensured.</param>
/// <param name="PartitionsTo">Last day with a daily partition ensured.</param>
public sealed record AppliedSchema(IReadOnlyList<string> Migrations, DateOnly PartitionsFrom, DateOnly PartitionsTo);
