namespace LogPlatform.Storage.Alerting;

/// <summary>
/// How a rule's create or update went: the row written, or nothing because <see cref="MissingChannels"/> are no channels'
/// ids (or, on an update, no rule has the id: both null and empty).
/// </summary>
public sealed record AlertRuleWrite(AlertRuleRow? Row, IReadOnlyList<Guid> MissingChannels);
