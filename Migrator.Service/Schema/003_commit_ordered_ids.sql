-- Ids follow commit order: writers take their blocks of ids one at a time (LogBatchWriter), with setval.
-- A per-session cache would hand out ids from a block taken earlier, below those already committed.
ALTER SEQUENCE logs_id_seq CACHE 1;
