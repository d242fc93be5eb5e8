using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Compatibility;

/// <summary>
/// The log aggregator's page code itself, in JavaScript under node (the <c>ws</c> package's WebSocket, which a browser's
/// matches), against a gateway on Kestrel: what the page prints is what it would show.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class NodeLogAggregatorPageTests(GatewayFixture servers)
{
    [Fact]
    public async Task The_documented_page_code_sees_a_pong_then_each_log_as_one_object()
    {
        var clients = ClientsDirectory();
        if (!File.Exists(Path.Combine(clients, "node_modules", "ws", "package.json")))
        {
            Assert.Equal(0, await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], clients, _ => { }));
        }
        await using var gateway = await servers.StartKestrelGatewayAsync();
        var url = $"ws://{gateway.Address.Authority}/ws/logs?access_token={GatewayFixture.Token}";

        var lines = Channel.CreateUnbounded<JsonElement>();
        var page = RunAsync("node", ["log-aggregator-page.mjs", url, "2"], clients, line =>
        {
            using var document = JsonDocument.Parse(line);
            lines.Writer.TryWrite(document.RootElement.Clone());
        });
        Assert.Equal("open", await NextEventAsync(lines));
        Assert.Equal("pong", await NextEventAsync(lines));

        var application = TestLogs.NewApplication("node0");
        var stored = await servers.StoreAndPublishAsync(
            TestLogs.Log(application, "Hello WebSocket!", source: "test", properties: """{"user_id":123}"""),
            TestLogs.Log(application, "Request processed", LogSeverity.Warn, source: "web-server"));
        var seen = new List<JsonElement>();
        for (var i = 0; i < 2; i++)
        {
            var line = await NextAsync(lines);
            Assert.Equal("log", line.GetProperty("event").GetString());
            seen.Add(line.GetProperty("log"));
        }
        Assert.Equal(stored.Select(l => l.Id), seen.Select(l => l.GetProperty("id").GetInt64()));
        Assert.Equal("Hello WebSocket!", seen[0].GetProperty("message").GetString());
        Assert.Equal(123, seen[0].GetProperty("metadata").GetProperty("user_id").GetInt32());
        Assert.Equal("WARN", seen[1].GetProperty("level").GetString());
        Assert.Equal("web-server", seen[1].GetProperty("source").GetString());
        Assert.Equal(application, seen[1].GetProperty("application").GetString());
        Assert.Equal("close", await NextEventAsync(lines));
        Assert.Equal(0, await page);
    }

    private static async Task<string?> NextEventAsync(Channel<JsonElement> lines) => (await NextAsync(lines)).GetProperty("event").GetString();

    private static async Task<JsonElement> NextAsync(Channel<JsonElement> lines)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await lines.Reader.ReadAsync(timeout.Token);
    }

    private static async Task<int> RunAsync(string program, string[] arguments, string directory, Action<string> onLine)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data) && e.Data.StartsWith('{')) onLine(e.Data);
        };
        process.BeginOutputReadLine();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} did not finish: {await errors}");
        }
        if (process.ExitCode != 0) Assert.Fail($"{program} exited with {process.ExitCode}: {await errors}");
        return process.ExitCode;
    }

    /// <summary>The clients' folder in the source tree, where their node_modules are installed.</summary>
    private static string ClientsDirectory([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Clients");
}
