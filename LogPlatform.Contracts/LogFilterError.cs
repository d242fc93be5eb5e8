namespace LogPlatform.Contracts;

/// <summary>Why a filter could not be read: the parameter at fault and a message for people (which names it).</summary>
public sealed record LogFilterError(string Parameter, string Message)
{
    public override string ToString() => Message;
}
