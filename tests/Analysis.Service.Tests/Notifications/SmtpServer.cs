using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Analysis.Service.Tests.Notifications;

/// <summary>
/// A real SMTP server: Debian's aiosmtpd (<c>python3 -m aiosmtpd</c>) on a free loopback port, whose default handler prints
/// every message it receives on standard output, where the test reads it.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SmtpServer(Process process, int port)
    {
        _process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public static async Task<SmtpServer> StartAsync()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        // Debian's python3 (a pyenv one earlier on PATH lacks the module); -n: no setuid to nobody.
        var start = new ProcessStartInfo("/usr/bin/python3", ["-u", "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var server = new SmtpServer(Process.Start(start) ?? throw new InvalidOperationException("python3 did not start"), port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !server._process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>What the server printed, once it contains <paramref name="text"/>.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            string output;
            lock (_output) output = _output.ToString();
            if (output.Contains(text)) return output;
            if (DateTime.UtcNow > deadline) Assert.Fail($"The SMTP server did not receive '{text}' within {timeout.TotalSeconds} s. It printed:\n{output}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
