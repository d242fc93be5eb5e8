namespace LogPlatform.Storage.Alerting;

/// <summary>Which incidents to list: by state and rule, started in [<see cref="From"/>, <see cref="To"/>), at most <see cref="Limit"/>.</summary>
public sealed record AlertSearch(string? State, Guid? RuleId, DateTimeOffset? From, DateTimeOffset? To, int Limit);
