using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Dashboard.Web.Live;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Gateway;

/// <summary>
/// One WebSocket to the gateway's combined <c>/ws</c> per browser session, feeding the session's
/// <see cref="LiveFeed"/>. Reconnects forever with capped exponential back-off (a dashboard left
/// open over a gateway restart must come back by itself) and, after a reconnect, asks for the logs
/// after the last id it saw so the tail has no gap. Filters are applied by the gateway.
/// </summary>
public sealed partial class GatewayStreamClient : ILiveStream, IAsyncDisposable
{
    private readonly LiveFeed _feed;
    private readonly GatewayEndpoint _endpoint;
    private readonly GatewayApiClient _api;
    private readonly DashboardOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GatewayStreamClient> _logger;
    private readonly DashboardMetrics _metrics;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private CancellationTokenSource? _connection;
    private Task? _run;
    private LiveFilter _filter = LiveFilter.None;
    private TaskCompletionSource _active = Completed();
    private const int AnomalyHistory = 50;

    public GatewayStreamClient(LiveFeed feed, GatewayEndpoint endpoint, GatewayApiClient api, IOptions<DashboardOptions> options,
        TimeProvider time, DashboardMetrics metrics, ILogger<GatewayStreamClient> logger)
    {
        _metrics = metrics;
        _feed = feed;
        _endpoint = endpoint;
        _api = api;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public LiveFilter Filter
    {
        get { lock (_gate) return _filter; }
    }

    public void EnsureStarted()
    {
        lock (_gate)
        {
            if (_run is not null || _stopping.IsCancellationRequested) return;
            _run = Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    /// <summary>
    /// Opens the stream with <paramref name="filter"/>, keeping what the feed already holds (a page that loaded the history
    /// first): the gateway then sends what came after the feed's last id. Only before the first start.
    /// </summary>
    public void StartWith(LiveFilter filter)
    {
        lock (_gate)
        {
            if (_run is not null) return;
            _filter = filter;
        }
        EnsureStarted();
    }

    public void ChangeFilter(LiveFilter filter)
    {
        lock (_gate)
        {
            if (filter == _filter) return;
            _filter = filter;
            _feed.ClearTail();
            _connection?.Cancel(); // the loop reconnects at once with the new filter
        }
        EnsureStarted();
    }

    /// <summary>
    /// The browser went away (tab closed, network blip): Blazor keeps the session a few minutes in
    /// case it comes back, but the gateway connection is released meanwhile.
    /// </summary>
    public void Suspend()
    {
        lock (_gate)
        {
            if (!_active.Task.IsCompleted) return;
            _active = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connection?.Cancel();
        }
        LogSuspended();
    }

    /// <summary>The browser is back: reconnect, resuming after the last log seen.</summary>
    public void Resume()
    {
        lock (_gate) _active.TrySetResult();
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(_options.MaxReconnectDelaySeconds));
        _ = BackfillChartAsync(stopping);
        _ = BackfillAlertsAsync(stopping);
        _ = BackfillAnomaliesAsync(stopping);
        while (!stopping.IsCancellationRequested)
        {
            Task active;
            lock (_gate) active = _active.Task;
            if (!active.IsCompleted)
            {
                _feed.SetState(ConnectionState.Offline);
                try
                {
                    await active.WaitAsync(stopping);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            CancellationTokenSource attempt;
            LiveFilter filter;
            lock (_gate)
            {
                // Cancelled by ChangeFilter: ends the connection or the back-off wait, whichever is running.
                attempt = _connection = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                filter = _filter;
            }
            try
            {
                string error;
                try
                {
                    _feed.SetState(ConnectionState.Connecting);
                    await ConnectAndReceiveAsync(filter, backoff, attempt.Token);
                    error = "The gateway closed the connection.";
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Whatever went wrong (gateway down, refused, bad frame), the answer is the same: wait and retry.
                    error = ex.Message;
                    LogDisconnected(ex.GetType().Name, ex.Message);
                }
                _metrics.Disconnected();
                var delay = backoff.NextDelay();
                _feed.SetState(ConnectionState.Offline, _time.GetUtcNow() + delay, error);
                await Task.Delay(delay, _time, attempt.Token);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                // filter changed (reconnect now, without back-off) or session suspended (wait at the top)
            }
            catch (OperationCanceledException)
            {
                break;
            }
            finally
            {
                lock (_gate)
                {
                    if (_connection == attempt) _connection = null;
                }
                attempt.Dispose();
            }
        }
        _feed.SetState(ConnectionState.Offline);
    }

    private async Task ConnectAndReceiveAsync(LiveFilter filter, ReconnectBackoff backoff, CancellationToken cancellationToken)
    {
        var baseUri = await _endpoint.GetBaseUriAsync(cancellationToken);
        var uri = GatewayEndpoint.WebSocketUri(baseUri, BuildQuery(filter, _feed.LastLogId, _options.TailHistory));
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + _options.GatewayToken);
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                await socket.ConnectAsync(uri, connectTimeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No WebSocket handshake from {uri.GetLeftPart(UriPartial.Path)} within 10 s.");
            }
        }
        LogConnected(uri.GetLeftPart(UriPartial.Path), filter.ToQueryString());
        _feed.SetState(ConnectionState.Live);
        backoff.Reset();
        _metrics.ConnectionOpened();
        try
        {
            await ReceiveAsync(socket, cancellationToken);
        }
        finally
        {
            _metrics.ConnectionClosed();
        }
    }

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await CloseQuietlyAsync(socket);
                return;
            }
            buffer.Advance(result.Count);
            if (buffer.WrittenCount > _options.MaxMessageBytes)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "message too large", CancellationToken.None);
                throw new InvalidOperationException($"The gateway sent a message over {_options.MaxMessageBytes} bytes.");
            }
            if (!result.EndOfMessage) continue;
            if (result.MessageType == WebSocketMessageType.Text)
            {
                _metrics.MessageReceived(GatewayMessageReader.Apply(buffer.WrittenMemory, _feed, _time.GetUtcNow()));
            }
            buffer.ResetWrittenCount();
        }
    }

    /// <summary>
    /// The filters, plus where the tail resumes: <c>after_id</c> after a reconnect (no gap),
    /// <c>history=N</c> on a fresh tail (so it does not start empty).
    /// </summary>
    public static string BuildQuery(LiveFilter filter, long lastLogId, int history)
    {
        var query = filter.AppendQuery(new StringBuilder());
        if (lastLogId > 0) LiveFilter.Append(query, "after_id", lastLogId.ToString(CultureInfo.InvariantCulture));
        else if (history > 0) LiveFilter.Append(query, "history", history.ToString(CultureInfo.InvariantCulture));
        return query.ToString();
    }

    private async Task BackfillChartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _feed.OnStatsHistory(await _api.GetStatsHistoryAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The chart fills from live updates anyway; history is a nicety.
            LogBackfillFailed(ex.Message);
        }
    }

    private async Task BackfillAlertsAsync(CancellationToken cancellationToken)
    {
        try
        {
            _feed.OnAlertHistory(await _api.GetRecentAlertsAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogBackfillFailed(ex.Message);
        }
    }

    /// <summary>The gateway relays anomalies live only; the recent stored ones give the chart its markers from the start.</summary>
    private async Task BackfillAnomaliesAsync(CancellationToken cancellationToken)
    {
        try
        {
            _feed.OnAnomalyHistory(await _api.GetAnomaliesAsync(null, AnomalyHistory, cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogBackfillFailed(ex.Message);
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // already gone
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? run;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested) return;
            _stopping.Cancel();
            run = _run;
        }
        if (run is not null)
        {
            try
            {
                await run.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
            {
                Debug.WriteLine(ex.Message);
            }
        }
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Live stream connected to {Endpoint} (filter: '{Filter}')")]
    private partial void LogConnected(string endpoint, string filter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live stream disconnected ({Kind}: {Reason}); reconnecting with back-off")]
    private partial void LogDisconnected(string kind, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Browser disconnected: live stream suspended until it returns")]
    private partial void LogSuspended();

    [LoggerMessage(Level = LogLevel.Information, Message = "Chart history unavailable: {Reason}")]
    private partial void LogBackfillFailed(string reason);
}
