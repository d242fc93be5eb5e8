using Dashboard.Web.Live;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Shared;

/// <summary>
/// A component that shows the session's <see cref="LiveFeed"/> and re-renders when it changed,
/// at most once per <see cref="RenderPeriod"/> however fast logs arrive.
/// </summary>
public abstract class PacedComponent : ComponentBase, IDisposable
{
    private RenderPacer? _pacer;

    [Inject] protected LiveFeed Feed { get; set; } = default!;
    [Inject] protected TimeProvider Time { get; set; } = default!;
    [Inject] private DashboardMetrics Metrics { get; set; } = default!;

    /// <summary>100 ms: at most 10 renders/s, quick enough to look live.</summary>
    protected virtual TimeSpan RenderPeriod => TimeSpan.FromMilliseconds(100);

    /// <summary>Renders the pacer triggered (diagnostics and tests).</summary>
    public long PacedRenders => _pacer?.Renders ?? 0;

    protected override void OnInitialized()
    {
        var name = GetType().Name;
        _pacer = new RenderPacer(Time, RenderPeriod, () => Feed.Version, () =>
        {
            Metrics.Rendered(name);
            return InvokeAsync(StateHasChanged);
        });
    }

    public virtual void Dispose()
    {
        _pacer?.Dispose();
        GC.SuppressFinalize(this);
    }
}
