-- The trigram index made every stored log cost PostgreSQL three times the CPU (COPY ceiling 15,000 -> 72,000 rows/s
-- without it). The partition being written is searched by scanning it newest first, as Loki does; a partition whose
-- day is over gets its own trigram index from the workers' maintenance (LogPartitions.IndexClosedAsync).
DROP INDEX IF EXISTS ix_logs_message_trgm;
