using Dashboard.Web.Live;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Shared;

/// <summary>
/// A component that shows the session's <see cref="LiveFeed"/> and re-renders when it changed,
/// at most once per <see cref="RenderPeriod"/> however fast logs arrive, and never while the browser
/// is still applying its previous paced render.
/// </summary>
/// <remarks>
/// Why wait for the browser: Blazor Server lets up to ten render batches go unacknowledged. At 5,000 logs/s
/// each batch of the live tail replaces hundreds of rows, so the browser falls seconds behind and a click's
/// own render queues behind them (a Pause took ~1.5 s to show). <c>OnAfterRenderAsync</c> runs only once
/// the browser acknowledged the batch, so holding the pacer until then keeps at most one paced batch in
/// flight and leaves room for the render a click causes.
/// </remarks>
public abstract class PacedComponent : ComponentBase, IDisposable
{
    /// <summary>A render that produced no batch (nothing to show) never reports back: give up waiting after this.</summary>
    private static readonly TimeSpan AppliedTimeout = TimeSpan.FromSeconds(2);

    private RenderPacer? _pacer;
    private TaskCompletionSource? _applied;

    [Inject] protected LiveFeed Feed { get; set; } = default!;
    [Inject] protected TimeProvider Time { get; set; } = default!;
    [Inject] private DashboardMetrics Metrics { get; set; } = default!;

    /// <summary>100 ms: at most 10 renders/s, quick enough to look live.</summary>
    protected virtual TimeSpan RenderPeriod => TimeSpan.FromMilliseconds(100);

    /// <summary>What this component shows moved; by default any change of the feed (a component showing less narrows it).</summary>
    protected virtual long ChangeVersion => Feed.Version;

    /// <summary>Renders the pacer triggered (diagnostics and tests).</summary>
    public long PacedRenders => _pacer?.Renders ?? 0;

    protected override void OnInitialized()
    {
        var name = GetType().Name;
        _pacer = new RenderPacer(Time, RenderPeriod, () => ChangeVersion, () =>
        {
            Metrics.Rendered(name);
            return RenderAndWaitAppliedAsync();
        });
    }

    private async Task RenderAndWaitAppliedAsync()
    {
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _applied, applied);
        await InvokeAsync(StateHasChanged);
        try
        {
            await applied.Task.WaitAsync(AppliedTimeout, Time);
        }
        catch (TimeoutException)
        {
            // no batch came of it, or the browser is gone: the next tick may render again
        }
    }

    /// <summary>
    /// Sealed: the pacer must hear of every applied render (a page that overrode this without the base call left each paced
    /// render waiting out <see cref="AppliedTimeout"/>). Pages add their own work in <see cref="OnRenderAppliedAsync"/>.
    /// </summary>
    protected sealed override Task OnAfterRenderAsync(bool firstRender)
    {
        Interlocked.Exchange(ref _applied, null)?.TrySetResult();
        return OnRenderAppliedAsync(firstRender);
    }

    /// <summary>What a page does once the browser applied a render (ComponentBase's <c>OnAfterRenderAsync</c>).</summary>
    protected virtual Task OnRenderAppliedAsync(bool firstRender) => Task.CompletedTask;

    public virtual void Dispose()
    {
        _pacer?.Dispose();
        Interlocked.Exchange(ref _applied, null)?.TrySetResult();
        GC.SuppressFinalize(this);
    }
}
