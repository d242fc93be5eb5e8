using System.Net.Sockets;
using System.Text;
using LogPlatform.Hosting.Processes;

namespace LogPlatform.Hosting.Resources;

/// <summary>redis-server from the machine's packages, on loopback, with AOF (appendfsync everysec) so accepted logs survive a restart.</summary>
public sealed class RedisResource(string name, int port) : Resource(name), IResourceWithConnectionString
{
    public int Port { get; } = port;
    public string ConnectionString => $"127.0.0.1:{Port}";
    public override string Describe() => $"redis://127.0.0.1:{Port}";

    protected override async Task StartCoreAsync(HostingContext context, CancellationToken cancellationToken)
    {
        var server = Prerequisites.Find("redis-server", "redis-server");
        var dataDirectory = Directory.CreateDirectory(Path.Combine(context.DataDirectory, Name)).FullName;
        if (Processes.Count == 0)
        {
            string[] arguments =
            [
                "--port", Port.ToString(), "--bind", "127.0.0.1", "--protected-mode", "yes",
                "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--dir", dataDirectory,
            ];
            Processes.Add(new SupervisedProcess(Name, () => ProcessLauncher.StartAsync(server, arguments, dataDirectory, new Dictionary<string, string?>())));
        }
        await Processes[0].StartAsync();
        await WaitUntilAsync(PingAsync, TimeSpan.FromSeconds(30), cancellationToken);
    }

    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer, cancellationToken);
        // While loading the AOF Redis answers -LOADING: not healthy yet.
        return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
    }
}
