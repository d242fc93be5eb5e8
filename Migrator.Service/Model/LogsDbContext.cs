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
    public DbSet<StoredPattern> Patterns => Set<StoredPattern>();
    public DbSet<PatternMinuteCount> PatternMinuteCounts => Set<PatternMinuteCount>();
    public DbSet<StoredAnomaly> Anomalies => Set<StoredAnomaly>();
    public DbSet<AnalysisCheckpoint> AnalysisCheckpoints => Set<AnalysisCheckpoint>();
    public DbSet<StoredAlertRule> AlertRules => Set<StoredAlertRule>();
    public DbSet<StoredNotificationChannel> NotificationChannels => Set<StoredNotificationChannel>();
    public DbSet<StoredAlert> Alerts => Set<StoredAlert>();
    public DbSet<StoredAlertSilence> AlertSilences => Set<StoredAlertSilence>();

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

        model.Entity<StoredPattern>(pattern =>
        {
            pattern.ToTable("patterns");
            pattern.HasKey(p => p.Id);
            pattern.Property(p => p.Id).HasColumnName("id").ValueGeneratedNever();
            pattern.Property(p => p.Application).HasColumnName("application");
            pattern.Property(p => p.Template).HasColumnName("template");
            pattern.Property(p => p.FirstSeen).HasColumnName("first_seen");
            pattern.Property(p => p.LastSeen).HasColumnName("last_seen");
            pattern.Property(p => p.Count).HasColumnName("count");
            pattern.Property(p => p.ExampleLogIds).HasColumnName("example_log_ids");
            pattern.Property(p => p.Sources).HasColumnName("sources");
            pattern.HasIndex(p => new { p.Application, p.LastSeen }).HasDatabaseName("ix_patterns_application_last_seen").IsDescending(false, true);
            pattern.HasIndex(p => p.LastSeen).HasDatabaseName("ix_patterns_last_seen").IsDescending();
            pattern.HasIndex(p => p.FirstSeen).HasDatabaseName("ix_patterns_first_seen").IsDescending();
        });

        model.Entity<PatternMinuteCount>(minute =>
        {
            minute.ToTable("pattern_minute_counts");
            minute.HasKey(m => new { m.PatternId, m.Minute, m.Level });
            minute.Property(m => m.PatternId).HasColumnName("pattern_id");
            minute.Property(m => m.Minute).HasColumnName("minute");
            minute.Property(m => m.Level).HasColumnName("level");
            minute.Property(m => m.Count).HasColumnName("count");
            minute.HasIndex(m => m.Minute).HasDatabaseName("ix_pattern_minute_counts_minute");
        });

        model.Entity<StoredAnomaly>(anomaly =>
        {
            anomaly.ToTable("anomalies");
            anomaly.HasKey(a => a.Seq);
            anomaly.Property(a => a.Seq).HasColumnName("seq").UseIdentityAlwaysColumn();
            anomaly.Property(a => a.Id).HasColumnName("id").IsRequired();
            anomaly.Property(a => a.Kind).HasColumnName("kind");
            anomaly.Property(a => a.Score).HasColumnName("score");
            anomaly.Property(a => a.Severity).HasColumnName("severity");
            anomaly.Property(a => a.Application).HasColumnName("application");
            anomaly.Property(a => a.Source).HasColumnName("source");
            anomaly.Property(a => a.PatternId).HasColumnName("pattern_id");
            anomaly.Property(a => a.Pattern).HasColumnName("pattern");
            anomaly.Property(a => a.Observed).HasColumnName("observed");
            anomaly.Property(a => a.Expected).HasColumnName("expected");
            anomaly.Property(a => a.Reasons).HasColumnName("reasons");
            anomaly.Property(a => a.Suggestions).HasColumnName("suggestions");
            anomaly.Property(a => a.WindowStart).HasColumnName("window_start");
            anomaly.Property(a => a.WindowEnd).HasColumnName("window_end");
            anomaly.Property(a => a.ExampleLogIds).HasColumnName("example_log_ids");
            anomaly.Property(a => a.DetectedAt).HasColumnName("detected_at");
            anomaly.HasIndex(a => a.Id).IsUnique().HasDatabaseName("ux_anomalies_id");
            anomaly.HasIndex(a => new { a.Application, a.Seq }).HasDatabaseName("ix_anomalies_application_seq").IsDescending(false, true);
            anomaly.HasIndex(a => a.DetectedAt).HasDatabaseName("ix_anomalies_detected_at");
        });

        model.Entity<AnalysisCheckpoint>(checkpoint =>
        {
            checkpoint.ToTable("analysis_checkpoints");
            checkpoint.HasKey(c => c.Name);
            checkpoint.Property(c => c.Name).HasColumnName("name");
            checkpoint.Property(c => c.LastLogId).HasColumnName("last_log_id");
            checkpoint.Property(c => c.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()");
        });
        model.Entity<StoredAlertRule>(rule =>
        {
            rule.ToTable("alert_rules");
            rule.HasKey(r => r.Id);
            rule.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
            rule.Property(r => r.Name).HasColumnName("name");
            rule.Property(r => r.Description).HasColumnName("description");
            rule.Property(r => r.Enabled).HasColumnName("enabled");
            rule.Property(r => r.Filter).HasColumnName("filter");
            rule.Property(r => r.Condition).HasColumnName("condition");
            rule.Property(r => r.Threshold).HasColumnName("threshold");
            rule.Property(r => r.WindowSeconds).HasColumnName("window_seconds");
            rule.Property(r => r.AnomalyKind).HasColumnName("anomaly_kind");
            rule.Property(r => r.Severity).HasColumnName("severity");
            rule.Property(r => r.ChannelIds).HasColumnName("channel_ids");
            rule.Property(r => r.RepeatIntervalSeconds).HasColumnName("repeat_interval_seconds");
            rule.Property(r => r.SettleSeconds).HasColumnName("settle_seconds");
            rule.Property(r => r.GroupBy).HasColumnName("group_by");
            rule.Property(r => r.Version).HasColumnName("version");
            rule.Property(r => r.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
            rule.Property(r => r.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()");
            rule.HasIndex(r => r.Name).IsUnique().HasDatabaseName("ux_alert_rules_name");
        });

        model.Entity<StoredNotificationChannel>(channel =>
        {
            channel.ToTable("notification_channels");
            channel.HasKey(c => c.Id);
            channel.Property(c => c.Id).HasColumnName("id").ValueGeneratedNever();
            channel.Property(c => c.Name).HasColumnName("name");
            channel.Property(c => c.Kind).HasColumnName("kind");
            channel.Property(c => c.Settings).HasColumnName("settings").HasColumnType("jsonb");
            channel.Property(c => c.Secret).HasColumnName("secret");
            channel.Property(c => c.SystemAlerts).HasColumnName("system_alerts");
            channel.Property(c => c.Enabled).HasColumnName("enabled");
            channel.Property(c => c.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
            channel.Property(c => c.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()");
            channel.HasIndex(c => c.Name).IsUnique().HasDatabaseName("ux_notification_channels_name");
        });

        model.Entity<StoredAlert>(alert =>
        {
            alert.ToTable("alerts");
            alert.HasKey(a => a.Id);
            alert.Property(a => a.Id).HasColumnName("id").ValueGeneratedNever();
            alert.Property(a => a.RuleId).HasColumnName("rule_id");
            alert.Property(a => a.RuleName).HasColumnName("rule_name");
            alert.Property(a => a.GroupKey).HasColumnName("group_key");
            alert.Property(a => a.State).HasColumnName("state");
            alert.Property(a => a.Severity).HasColumnName("severity");
            alert.Property(a => a.Message).HasColumnName("message");
            alert.Property(a => a.Value).HasColumnName("value");
            alert.Property(a => a.Threshold).HasColumnName("threshold");
            alert.Property(a => a.StartedAt).HasColumnName("started_at");
            alert.Property(a => a.LastNotifiedAt).HasColumnName("last_notified_at");
            alert.Property(a => a.Notifications).HasColumnName("notifications");
            alert.Property(a => a.ResolvedAt).HasColumnName("resolved_at");
            alert.Property(a => a.AcknowledgedBy).HasColumnName("acknowledged_by");
            alert.Property(a => a.AcknowledgedAt).HasColumnName("acknowledged_at");
            // One firing incident per rule and grouping value: the evaluator's restart cannot open a second one.
            alert.HasIndex(a => new { a.RuleId, a.GroupKey }).IsUnique().HasFilter("state = 'firing'")
                .HasDatabaseName("ux_alerts_firing_rule_group");
            alert.HasIndex(a => a.StartedAt).HasDatabaseName("ix_alerts_started_at").IsDescending();
            // Rule deletion keeps its history: no foreign key, the rule's name is copied in.
            alert.HasIndex(a => new { a.RuleId, a.StartedAt }).HasDatabaseName("ix_alerts_rule_started_at").IsDescending(false, true);
        });

        model.Entity<StoredAlertSilence>(silence =>
        {
            silence.ToTable("alert_silences");
            silence.HasKey(s => s.Id);
            silence.Property(s => s.Id).HasColumnName("id").ValueGeneratedNever();
            silence.Property(s => s.RuleId).HasColumnName("rule_id");
            silence.Property(s => s.GroupKey).HasColumnName("group_key");
            silence.Property(s => s.Until).HasColumnName("until");
            silence.Property(s => s.Reason).HasColumnName("reason");
            silence.Property(s => s.CreatedBy).HasColumnName("created_by");
            silence.Property(s => s.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
            silence.HasIndex(s => new { s.RuleId, s.Until }).HasDatabaseName("ix_alert_silences_rule_until");
        });
    }
}
