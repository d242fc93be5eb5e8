using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Shared;

/// <summary>
/// A page that shows what the gateway's REST API answers and asks again every <see cref="RefreshPeriod"/>,
/// so what the analysis service finds appears without a reload. One request at a time; stops with the circuit.
/// </summary>
public abstract class RefreshingComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private PeriodicTimer? _timer;

    [Inject] protected TimeProvider Time { get; set; } = default!;

    protected virtual TimeSpan RefreshPeriod => TimeSpan.FromSeconds(3);

    /// <summary>Loads the page's data; exceptions of an unreachable gateway are the page's to show.</summary>
    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    protected CancellationToken Stopping => _stopping.Token;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync(_stopping.Token);
        _timer = new PeriodicTimer(RefreshPeriod, Time);
        _ = RefreshLoopAsync(_timer);
    }

    private async Task RefreshLoopAsync(PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await InvokeAsync(async () =>
                {
                    await LoadAsync(_stopping.Token);
                    StateHasChanged();
                });
            }
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
