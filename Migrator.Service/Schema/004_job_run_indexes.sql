-- One job run's (or task run's) logs in time order, for the job log viewer and /api/v1/logs?job_run_id=: without these a
-- run's history was a scan of every partition. Partial, so logs without the property cost COPY nothing more; the filter
-- SQL adds "properties ? name" so the planner can use them (LogFilterSql).
CREATE INDEX IF NOT EXISTS ix_logs_job_run_id ON logs ((properties ->> 'job_run_id'), timestamp, id)
    WHERE properties ? 'job_run_id';
CREATE INDEX IF NOT EXISTS ix_logs_task_run_id ON logs ((properties ->> 'task_run_id'), timestamp, id)
    WHERE properties ? 'task_run_id';
