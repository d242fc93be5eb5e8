namespace Dashboard.Web.Live;

/// <summary>
/// Coalesces re-renders: at 5,000 logs/s a render per batch would flood the circuit, so a
/// component instead checks on a fixed tick whether the feed's version moved and renders once
/// for everything that arrived meanwhile. At most one render per <c>period</c>, none when idle.
/// </summary>
public sealed class RenderPacer : IDisposable
{
    private readonly Func<long> _version;
    private readonly Func<Task> _render;
    private readonly ITimer _timer;
    private long _rendered = -1;
    private int _busy;

    public RenderPacer(TimeProvider time, TimeSpan period, Func<long> version, Func<Task> render)
    {
        _version = version;
        _render = render;
        _timer = time.CreateTimer(static state => ((RenderPacer)state!).Tick(), this, period, period);
    }

    /// <summary>Renders triggered so far (for the diagnostics line and tests).</summary>
    public long Renders { get; private set; }

    /// <summary>Marks the current version as shown (the component rendered for another reason).</summary>
    public void MarkRendered() => _rendered = _version();

    private void Tick()
    {
        var version = _version();
        if (version == Volatile.Read(ref _rendered)) return;
        if (Interlocked.Exchange(ref _busy, 1) == 1) return; // the previous render is still running: skip this tick
        Volatile.Write(ref _rendered, version);
        Renders++;
        _ = RenderAsync();
    }

    private async Task RenderAsync()
    {
        try
        {
            await _render();
        }
        catch (ObjectDisposedException)
        {
            // the circuit went away between the tick and the render
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    public void Dispose() => _timer.Dispose();
}
