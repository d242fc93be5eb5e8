using System.Net;
using System.Net.Sockets;

namespace Dashboard.Web.Tests.Servers;

/// <summary>
/// A loopback port in front of a real server that accepts connections and passes nothing on until released: a slow path to
/// the peer, not a stand-in for it (once released, every byte either way is the server's or the client's own).
/// </summary>
public sealed class HeldPath : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Uri _target;
    private readonly Task _accepting;
    private int _accepted;

    public HeldPath(Uri target)
    {
        _target = target;
        _listener.Start();
        Uri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    public Uri Uri { get; }

    /// <summary>Connections accepted so far (each held until <see cref="Release"/>).</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public void Release() => _released.TrySetResult();

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                Interlocked.Increment(ref _accepted);
                connections.Add(RelayAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }
        await Task.WhenAll(connections);
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await _released.Task.WaitAsync(_stopping.Token);
                using var server = new TcpClient();
                await server.ConnectAsync(_target.Host, _target.Port, _stopping.Token);
                await using var fromClient = client.GetStream();
                await using var toServer = server.GetStream();
                // Either side closing ends the connection, as it would end a direct one.
                await Task.WhenAny(fromClient.CopyToAsync(toServer, _stopping.Token), toServer.CopyToAsync(fromClient, _stopping.Token));
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
                // stopping, or one side went away
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }
}
