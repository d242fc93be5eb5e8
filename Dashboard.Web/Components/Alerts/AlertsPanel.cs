using Dashboard.Web.Alerts;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Alerts;

/// <summary>
/// A section of the Alerts page: loads what it shows from the gateway, reloads when told (a live notice arrived, a change was
/// saved) and every <see cref="RefreshPeriod"/>, and shows an unreachable gateway as <see cref="Error"/>.
/// </summary>
public abstract class AlertsPanel : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private PeriodicTimer? _timer;

    [Inject] protected AlertsApiClient Api { get; set; } = default!;
    [Inject] protected TimeProvider Time { get; set; } = default!;

    protected virtual TimeSpan RefreshPeriod => TimeSpan.FromSeconds(10);
    protected CancellationToken Stopping => _stopping.Token;
    protected string? Error { get; set; }
    protected bool Loaded { get; private set; }

    /// <summary>What the panel shows; throws what <see cref="GatewayFailure"/> recognises when the gateway cannot answer.</summary>
    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    protected abstract string What { get; }

    public async Task ReloadAsync()
    {
        try
        {
            await LoadAsync(Stopping);
            Error = null;
        }
        catch (Exception ex) when (GatewayFailure.Is(ex, Stopping))
        {
            Error = $"Could not load {What}: {ex.Message}";
        }
        finally
        {
            Loaded = true;
        }
        StateHasChanged();
    }

    protected override async Task OnInitializedAsync()
    {
        await ReloadAsync();
        _timer = new PeriodicTimer(RefreshPeriod, Time);
        _ = RefreshLoopAsync(_timer);
    }

    private async Task RefreshLoopAsync(PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(Stopping)) await InvokeAsync(ReloadAsync);
        }
        catch (OperationCanceledException)
        {
            // the circuit went away
        }
        catch (ObjectDisposedException)
        {
            // the renderer was disposed between a tick and the render
        }
    }

    public virtual void Dispose()
    {
        _stopping.Cancel();
        _timer?.Dispose();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
