using LogPlatform.Contracts;

namespace Realtime.Gateway.Streaming;

/// <summary>One stats message from Redis: as published (relayed as is by the native format), read, and what this replica saw recently.</summary>
public sealed record LiveStatsUpdate(byte[] Json, LiveStats Stats, RecentActivitySnapshot Activity);
