namespace LogPlatform.Storage.Analysis;

/// <summary>Logs of one pattern at one level in one minute (<see cref="Minute"/> is the minute's start, UTC).</summary>
public readonly record struct MinuteCount(long PatternId, DateTimeOffset Minute, short Level, long Count);
