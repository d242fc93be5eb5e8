using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Dashboard.Web.Gateway;

/// <summary>Releases a session's gateway connection while its browser is disconnected, and reopens it when it returns.</summary>
internal sealed class LiveStreamCircuitHandler(GatewayStreamClient stream) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        stream.Suspend();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        stream.Resume();
        return Task.CompletedTask;
    }
}
