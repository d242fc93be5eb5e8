using System.Text.Json;
using LogPlatform.Contracts;
using LogPlatform.Storage.Schema;
using LogPlatform.Storage.Writing;
using Microsoft.EntityFrameworkCore;
using Migrator.Service.Model;
using Migrator.Service.Schema;
using Npgsql;

namespace Worker.Service.Tests.Integration;

/// <summary>The EF Core model and its migrations against the real database the fixture migrated.</summary>
[Collection(ServersCollection.Name)]
public sealed class SchemaTests(ServersFixture servers)
{
    [Fact]
    public async Task Migrations_are_applied_once_even_when_raced_and_match_the_model()
    {
        // The fixture applied them already; three more concurrent callers must find nothing to do and not fail.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => LogsSchema.ApplyAsync(servers.PostgresConnection, CancellationToken.None)));

        await using var db = Context();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Contains("20261127233500_CommitOrderedIds", db.Database.GetMigrations());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a migration: run 'dotnet ef migrations add'");
    }

    [Fact]
    public async Task Rows_the_bulk_writer_stores_read_back_through_the_model_with_every_field()
    {
        var application = "model-" + Guid.NewGuid().ToString("N")[..8];
        var sent = new LogEvent
        {
            Timestamp = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero),
            ReceivedAt = DateTimeOffset.UtcNow,
            Level = LogSeverity.Error,
            Message = "disk \"full\" on /var/lib/postgresql\n\tété 🚀 <b>&amp;</b>", // escapes and non-ASCII: unescaped on the way in
            Source = "db-01",
            Application = application,
            TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
            SpanId = "00f067aa0ba902b7",
            Properties = JsonDocument.Parse("""{"job_run_id":"run-7","attempt":3}""").RootElement,
        };
        await using (var dataSource = NpgsqlDataSource.Create(servers.PostgresConnection))
        {
            await new LogBatchWriter(dataSource).WriteAsync([StreamEntryLogs.FromLogs("model-" + application, [sent])], CancellationToken.None);
        }

        await using var db = Context();
        var stored = await db.Logs.AsNoTracking().SingleAsync(l => l.Application == application);
        Assert.True(stored.Id > 0);
        Assert.Equal(sent.Timestamp, stored.Timestamp);
        Assert.Equal((short)LogSeverity.Error, stored.Level);
        Assert.Equal(sent.Message, stored.Message);
        Assert.Equal("db-01", stored.Source);
        Assert.Equal((sent.TraceId, sent.SpanId), (stored.TraceId, stored.SpanId));
        Assert.Equal("run-7", stored.Properties!.RootElement.GetProperty("job_run_id").GetString());
        Assert.True(stored.StoredAt >= stored.ReceivedAt.AddSeconds(-1));
        Assert.True(await db.IngestedEntries.AnyAsync(e => e.StreamId == "model-" + application));
    }

    [Fact]
    public async Task Only_partitions_of_days_that_are_over_get_the_trigram_index_once()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await using var dataSource = NpgsqlDataSource.Create(servers.PostgresConnection);
        await LogPartitions.EnsureAheadAsync(dataSource, today, CancellationToken.None);

        await LogPartitions.IndexClosedAsync(dataSource, today, CancellationToken.None);
        var again = await LogPartitions.IndexClosedAsync(dataSource, today, CancellationToken.None);

        var yesterday = LogPartitions.NameFor(today.AddDays(-1));
        Assert.Contains(yesterday, await TrigramIndexedTablesAsync(dataSource));
        Assert.DoesNotContain(LogPartitions.NameFor(today), await TrigramIndexedTablesAsync(dataSource));
        Assert.DoesNotContain("logs", await TrigramIndexedTablesAsync(dataSource)); // the parent: it would index every partition
        Assert.Empty(again); // the first call built it; the second finds nothing left to do
    }

    private static async Task<List<string>> TrigramIndexedTablesAsync(NpgsqlDataSource dataSource)
    {
        await using var query = dataSource.CreateCommand("""
            SELECT t.relname FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            WHERE x.indisvalid AND pg_get_indexdef(i.oid) LIKE '%gin_trgm_ops%'
            """);
        var tables = new List<string>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }

    private LogsDbContext Context()
        => new(new DbContextOptionsBuilder<LogsDbContext>().UseNpgsql(servers.PostgresConnection).Options);
}
