-- Ids follow commit order: the writers take turns (LogBatchWriter) and take a block of ids with setval in their turn.
-- A per-session cache would hand out ids from a block taken earlier, below those already committed.
ALTER SEQUENCE logs_id_seq CACHE 1;
