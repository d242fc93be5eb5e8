namespace Realtime.Gateway.Filtering;

/// <summary>
/// Property names a client family filters by before any stored log needs to have them (a viewer opens a job run's stream
/// before its first log). Registered once per family; merged by <see cref="SeenPropertyNames"/>.
/// </summary>
public sealed record KnownPropertyNames(IReadOnlyList<string> Names);
