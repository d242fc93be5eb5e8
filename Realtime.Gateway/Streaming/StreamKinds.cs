using LogPlatform.Contracts;

namespace Realtime.Gateway.Streaming;

/// <summary>What a client subscribed to.</summary>
public enum StreamKind { Logs, Stats, Combined }

/// <summary>How a client's messages are framed on the wire.</summary>
public enum StreamProtocol { WebSocket, Sse }

/// <summary>One message ready for the wire, shared by every client with the same filter and protocol.</summary>
/// <param name="LogCount">How many logs it carries (0 for stats and control messages), for drop accounting.</param>
public sealed record OutgoingFrame(ReadOnlyMemory<byte> Bytes, int LogCount)
{
    /// <summary>
    /// Largest piece written to a connection at once. Each connection copies what it writes into buffers of its own
    /// (the WebSocket's send buffer, Kestrel's output pipe), so a large frame shared by a thousand slow clients would
    /// otherwise be held a thousand times over.
    /// </summary>
    public const int MaxWriteBytes = 64 * 1024;
}

/// <summary>A live batch as published by a worker, numbered in the order this replica received it.</summary>
public readonly record struct LiveBatch(long Arrival, LogEvent[] Logs);
