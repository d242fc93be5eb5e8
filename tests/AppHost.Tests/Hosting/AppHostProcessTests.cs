using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AppHost.Tests.Hosting;

/// <summary>
/// The real AppHost as a process, the way ./start.sh runs it: it starts everything under Aspire's orchestrator, and leaves
/// nothing behind however it ends (Ctrl+C, or SIGKILL of the AppHost itself).
/// </summary>
public sealed class AppHostProcessTests
{
    private const int SigInt = 2;
    private const int SigKill = 9;
    private const string IngestKey = "process-test-key";
    private const string StreamToken = "process-test-token";
    private const string DashboardApiKey = "process-test-dashboard-api-key";
    // The whole platform (nine resources, two of them replicated, each waiting to be healthy) has taken over 3 minutes to
    // come up on a loaded 2-core machine; the platform fixture allows 8.
    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(6);
    private static readonly string AppHostDll = Path.Combine(AppContext.BaseDirectory, "AppHost.dll");

    /// <summary>What runs once the platform started: the servers, the orchestrator and each service (replicas counted).</summary>
    private static readonly (string Command, int Count)[] PlatformProcesses =
    [
        ("redis-server", 1), ("postgres -D", 1), ("dcp", 1), ("Ingest.Api", 1), ("Worker.Service", 2), ("Analysis.Service", 2),
        ("Stats.Service", 1), ("Realtime.Gateway", 1), ("Dashboard.Web", 1),
    ];

    /// <summary>SIGKILL leaves the AppHost no chance to clean up: the orchestrator, which watches it, must. (Ctrl+C: the trace test ends so.)</summary>
    [Fact]
    public async Task Leaves_no_process_behind_when_killed()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("logplatform-apphost-").FullName;
        using var appHost = StartAppHost(dataDirectory, out var output);
        try
        {
            // Every process of the platform started (healthy or not: an end mid-start must leave nothing either).
            List<string> commands = [];
            await WaitForAsync(() =>
            {
                commands = [.. ProcessTreeOf(appHost.Id).Select(CommandLine)];
                return PlatformProcesses.All(p => commands.Count(c => c.Contains(p.Command, StringComparison.Ordinal)) >= p.Count);
            }, StartPatience, () => $"Not every process started; running: {string.Join("; ", commands)}\n{output}");
            var tree = ProcessTreeOf(appHost.Id);

            Assert.Equal(0, kill(appHost.Id, SigKill));
            await appHost.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            // The servers and services go within seconds; dcp itself, last, once took over 20 s on a loaded two-core machine.
            await WaitForAsync(() => tree.All(pid => !IsAlive(pid)), TimeSpan.FromSeconds(60),
                () => $"Still running 60 s after the AppHost ended: {string.Join("; ", tree.Where(IsAlive).Select(p => $"{p} {CommandLine(p)}"))}");
        }
        finally
        {
            if (!appHost.HasExited) appHost.Kill(entireProcessTree: true);
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task The_Aspire_dashboard_holds_one_trace_across_ingest_the_worker_and_the_gateway_and_Ctrl_C_leaves_no_process_behind()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("logplatform-apphost-").FullName;
        var dashboard = $"http://localhost:{FreePort()}";
        using var appHost = StartAppHost(dataDirectory, out var output, dashboardUrl: dashboard);
        try
        {
            await WaitForAsync(() => output.ToString().Contains("LogPlatform dashboard: http", StringComparison.Ordinal), StartPatience,
                () => $"The AppHost did not come up:\n{output}");
            var text = output.ToString();
            var ingest = System.Text.RegularExpressions.Regex.Match(text, @"Ingest: (http://\S+)/logs").Groups[1].Value;
            var gateway = System.Text.RegularExpressions.Regex.Match(text, @"Gateway: (http://\S+) with").Groups[1].Value;
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

            // A live client, so the gateway delivers the log (its fan-out span joins the trace), then one traced log.
            var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
            using var live = new HttpRequestMessage(HttpMethod.Get, $"{gateway}/sse/logs?access_token={StreamToken}&application=traced");
            using var stream = await http.SendAsync(live, HttpCompletionOption.ResponseHeadersRead);
            using var post = new HttpRequestMessage(HttpMethod.Post, $"{ingest}/logs")
            {
                Content = new StringContent("""{"application":"traced","message":"one traced log"}""", Encoding.UTF8, "application/json"),
            };
            post.Headers.Add("X-Api-Key", IngestKey);
            post.Headers.Add("traceparent", $"00-{traceId}-b7ad6b7169203331-01");
            using (var accepted = await http.SendAsync(post)) Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

            // The dashboard's telemetry API (the same data as its Traces page), with the AppHost's dashboard API key.
            var services = new HashSet<string>();
            await WaitForAsync(() =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"{dashboard}/api/telemetry/traces");
                request.Headers.Add("x-api-key", DashboardApiKey);
                using var response = http.Send(request);
                using var traces = System.Text.Json.JsonDocument.Parse(response.Content.ReadAsStream());
                foreach (var resource in traces.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
                {
                    var service = resource.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                        .FirstOrDefault(a => a.GetProperty("key").GetString() == "service.name").GetProperty("value").GetProperty("stringValue").GetString();
                    var spans = resource.GetProperty("scopeSpans").EnumerateArray().SelectMany(s => s.GetProperty("spans").EnumerateArray());
                    if (service is not null && spans.Any(s => s.GetProperty("traceId").GetString() == traceId)) services.Add(service);
                }
                return services.IsSupersetOf(["ingest", "worker", "gateway"]);
            }, TimeSpan.FromSeconds(60), () => $"trace {traceId} has spans from {string.Join(", ", services)} only");

            // Ctrl+C, as a developer stops ./start.sh: everything the AppHost started goes with it.
            var tree = ProcessTreeOf(appHost.Id);
            Assert.Equal(0, kill(appHost.Id, SigInt));
            await appHost.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await WaitForAsync(() => tree.All(pid => !IsAlive(pid)), TimeSpan.FromSeconds(60),
                () => $"Still running 60 s after Ctrl+C: {string.Join("; ", tree.Where(IsAlive).Select(p => $"{p} {CommandLine(p)}"))}");
        }
        finally
        {
            if (!appHost.HasExited) appHost.Kill(entireProcessTree: true);
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_redis_server_is_one_clear_line_not_a_stack_trace()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("logplatform-apphost-").FullName;
        using var appHost = StartAppHost(dataDirectory, out var output, path: "/nonexistent");
        try
        {
            await appHost.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            appHost.WaitForExit();
            var text = output.ToString();
            Assert.Equal(1, appHost.ExitCode);
            Assert.Contains("'redis-server' was not found: install it with 'sudo apt-get install -y redis-server'", text);
            Assert.DoesNotContain("   at ", text);
        }
        finally
        {
            if (!appHost.HasExited) appHost.Kill(entireProcessTree: true);
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private static Process StartAppHost(string dataDirectory, out StringBuilder output, string? path = null, string? dashboardUrl = null)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath : "/usr/bin/dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(AppHostDll);
        info.ArgumentList.Add($"--AppHost:DataDirectory={dataDirectory}");
        foreach (var name in new[] { "redis", "postgres", "ingest", "gateway", "dashboard" }) info.ArgumentList.Add($"--Ports:{name}=0");
        // Run from the test's folder, the AppHost's appsettings.json (the development key and token) is not read.
        info.ArgumentList.Add($"--Parameters:ingest-api-key={IngestKey}");
        info.ArgumentList.Add($"--Parameters:stream-token={StreamToken}");
        info.ArgumentList.Add($"--AppHost:DashboardApiKey={DashboardApiKey}");
        // What the launch profile gives `dotnet run`: where the Aspire dashboard listens, here on free ports.
        info.Environment["ASPNETCORE_URLS"] = dashboardUrl ?? $"http://localhost:{FreePort()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{FreePort()}";
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        if (path is not null) info.Environment["PATH"] = path;
        var process = Process.Start(info)!;
        var lines = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (lines) lines.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (lines) lines.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = lines;
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The AppHost's processes: its descendants, and those of the orchestrator it started, which runs detached and watches
    /// the AppHost (<c>dcp start-apiserver --monitor PID</c>).
    /// </summary>
    private static List<int> ProcessTreeOf(int appHost)
    {
        var parents = AllProcesses().ToDictionary(pid => pid, ParentOf);
        var roots = parents.Keys.Where(pid => pid == appHost || CommandLine(pid).Contains($"--monitor {appHost.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal));
        var tree = new HashSet<int>(roots);
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, parent) in parents)
            {
                if (tree.Contains(parent) && tree.Add(pid)) grew = true;
            }
        }
        while (grew);
        return [.. tree];
    }

    private static IEnumerable<int> AllProcesses() => Directory.EnumerateDirectories("/proc")
        .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0).Where(pid => pid > 0);

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, Func<string> failure)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout) Assert.Fail(failure());
            await Task.Delay(200);
        }
    }
}
