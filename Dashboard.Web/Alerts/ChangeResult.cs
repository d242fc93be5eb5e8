namespace Dashboard.Web.Alerts;

/// <summary>The answer to a change: the stored value, or why the gateway refused it.</summary>
public sealed record ChangeResult<T>(T? Value, GatewayProblem? Problem)
{
    public bool Succeeded => Problem is null;
}
