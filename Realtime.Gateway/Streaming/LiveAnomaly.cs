using LogPlatform.Contracts;

namespace Realtime.Gateway.Streaming;

/// <summary>One anomaly from Redis: as published (relayed as is by the native format) and read.</summary>
public sealed record LiveAnomaly(byte[] Json, Anomaly Anomaly);
