-- The store of record. Partitioned by day on the log's own time, so retention is dropping a partition.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE SEQUENCE IF NOT EXISTS logs_id_seq AS bigint CACHE 1000;

CREATE TABLE IF NOT EXISTS logs (
    id           bigint      NOT NULL,
    "timestamp"  timestamptz NOT NULL,
    level        smallint    NOT NULL,
    message      text        NOT NULL,
    source       text        NOT NULL,
    application  text        NOT NULL,
    trace_id     text,
    span_id      text,
    properties   jsonb,
    received_at  timestamptz NOT NULL,
    stored_at    timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE ("timestamp");

-- Logs far in the past or future land here instead of failing the batch.
CREATE TABLE IF NOT EXISTS logs_default PARTITION OF logs DEFAULT;

-- Paging newest first (keyset on timestamp, id), lookups and resume by id.
CREATE INDEX IF NOT EXISTS ix_logs_timestamp_id ON logs ("timestamp" DESC, id DESC);
CREATE INDEX IF NOT EXISTS ix_logs_id ON logs (id);
-- The dashboard's filters: level, source, application (case-insensitive, as LogFilter matches), a run id.
CREATE INDEX IF NOT EXISTS ix_logs_level ON logs (level, "timestamp" DESC);
CREATE INDEX IF NOT EXISTS ix_logs_source ON logs (lower(source), "timestamp" DESC);
CREATE INDEX IF NOT EXISTS ix_logs_application ON logs (lower(application), "timestamp" DESC);
CREATE INDEX IF NOT EXISTS ix_logs_job_run_id ON logs ((properties ->> 'job_run_id')) WHERE properties ? 'job_run_id';
-- "message contains": trigram GIN serves ILIKE '%text%' (full-text search would not find substrings of words or ids).
CREATE INDEX IF NOT EXISTS ix_logs_message_trgm ON logs USING gin (message gin_trgm_ops);

-- Exactly once: a stream entry's id is recorded in the same transaction as its rows; a redelivered entry finds it here.
CREATE TABLE IF NOT EXISTS ingested_entries (
    stream_id text        PRIMARY KEY,
    stored_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ix_ingested_entries_stored_at ON ingested_entries (stored_at);
