using LogPlatform.Contracts;

namespace Realtime.Gateway.Streaming;

/// <summary>What a client is told when its WebSocket opens: its connection, stream, filter, format and limits.</summary>
public sealed record StreamGreeting(long ConnectionId, StreamKind Kind, LogFilter Filter, string Format, TimeSpan HeartbeatInterval, int MaxMessageBytes);
