using LogPlatform.Contracts;

namespace LogPlatform.Storage.Writing;

/// <summary>The logs of one stream entry, keyed by the entry's id: the unit of exactly-once storage.</summary>
public sealed record StreamEntryLogs(string StreamId, LogEvent[] Logs, string? TraceParent);

/// <summary>What a write stored: the new logs with their ids, and how many entries were stored before (redeliveries).</summary>
public sealed record StoredBatch(List<LogEvent> Logs, int RepeatedEntries);
