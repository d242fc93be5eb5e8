using LogPlatform.Contracts;

namespace Realtime.Gateway.Streaming;

/// <summary>What a client subscribed to.</summary>
public enum StreamKind { Logs, Stats, Combined }

/// <summary>How a client's messages are framed on the wire.</summary>
public enum StreamProtocol { WebSocket, Sse }

/// <summary>A live batch as published by a worker, numbered in the order this replica received it.</summary>
public readonly record struct LiveBatch(long Arrival, LogEvent[] Logs);
