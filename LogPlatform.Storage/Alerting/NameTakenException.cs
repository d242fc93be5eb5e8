namespace LogPlatform.Storage.Alerting;

/// <summary>A rule's or channel's name is unique (a unique index): another one already has it.</summary>
public sealed class NameTakenException(string name, Exception inner) : Exception($"The name '{name}' is already taken.", inner)
{
    public string Name { get; } = name;
}
