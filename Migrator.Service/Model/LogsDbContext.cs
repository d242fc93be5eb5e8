using Microsoft.EntityFrameworkCore;

namespace Migrator.Service.Model;

/// <summary>
/// The logs database as an EF Core model: typed queries for tools and tests, and the migrations history. The hot paths
/// (the worker's COPY, the gateway's keyset queries) use Npgsql directly; the DDL lives in the migrations as SQL, because
/// EF's migration operations cannot express a partitioned table, expression indexes or a trigram index.
/// </summary>
public sealed class LogsDbContext(DbContextOptions<LogsDbContext> options) : DbContext(options)
{
    public DbSet<StoredLog> Logs => Set<StoredLog>();
    public DbSet<IngestedEntry> IngestedEntries => Set<IngestedEntry>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.HasSequence<long>("logs_id_seq");

        model.Entity<StoredLog>(log =>
        {
            log.ToTable("logs");
            // The table has no primary key (a partitioned table's key must include the partition column); ids are unique by the sequence.
            log.HasKey(l => l.Id);
            // No default: LogBatchWriter takes ids from the sequence in blocks, one writer at a time, so that they follow commit order.
            log.Property(l => l.Id).HasColumnName("id").ValueGeneratedNever();
            log.Property(l => l.Timestamp).HasColumnName("timestamp");
            log.Property(l => l.Level).HasColumnName("level");
            log.Property(l => l.Message).HasColumnName("message");
            log.Property(l => l.Source).HasColumnName("source");
            log.Property(l => l.Application).HasColumnName("application");
            log.Property(l => l.TraceId).HasColumnName("trace_id");
            log.Property(l => l.SpanId).HasColumnName("span_id");
            log.Property(l => l.Properties).HasColumnName("properties").HasColumnType("jsonb");
            log.Property(l => l.ReceivedAt).HasColumnName("received_at");
            log.Property(l => l.StoredAt).HasColumnName("stored_at").HasDefaultValueSql("now()");
            log.HasIndex(l => new { l.Timestamp, l.Id }).HasDatabaseName("ix_logs_timestamp_id").IsDescending(true, true);
            log.HasIndex(l => l.Id).HasDatabaseName("ix_logs_id");
            log.HasIndex(l => new { l.Level, l.Timestamp }).HasDatabaseName("ix_logs_level").IsDescending(false, true);
        });

        model.Entity<IngestedEntry>(entry =>
        {
            entry.ToTable("ingested_entries");
            entry.HasKey(e => e.StreamId);
            entry.Property(e => e.StreamId).HasColumnName("stream_id");
            entry.Property(e => e.StoredAt).HasColumnName("stored_at").HasDefaultValueSql("now()");
            entry.HasIndex(e => e.StoredAt).HasDatabaseName("ix_ingested_entries_stored_at");
        });
    }
}
