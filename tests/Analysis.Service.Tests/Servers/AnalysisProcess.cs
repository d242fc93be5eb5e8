using System.Diagnostics;
using System.Text;

namespace Analysis.Service.Tests.Servers;

/// <summary>
/// Analysis.Service as its own process (the build output beside this test's), so a test can kill it as a crash would:
/// no graceful stop, no lease released, nothing committed on the way out.
/// </summary>
public sealed class AnalysisProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AnalysisProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static AnalysisProcess Start(string redis, string postgres, params (string Key, string Value)[] settings)
    {
        var start = new ProcessStartInfo("dotnet", [ServiceAssembly()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(ServiceAssembly())!,
        };
        start.Environment["ConnectionStrings__redis"] = redis;
        start.Environment["ConnectionStrings__logs"] = postgres;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        // Short lease and commits so the tests run in seconds; the logic is the production one.
        start.Environment["Analysis__LeaseDuration"] = "00:00:03";
        start.Environment["Analysis__LeaseRenewInterval"] = "00:00:00.500";
        start.Environment["Analysis__CommitInterval"] = "00:00:00.200";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return new AnalysisProcess(Process.Start(start)!);
    }

    /// <summary>SIGKILL: the process ends where it is.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Analysis.Service.dll as built for this configuration (the test project builds it as a reference).</summary>
    private static string ServiceAssembly()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory); // tests/Analysis.Service.Tests/bin/<Configuration>/<tfm>/
        var tfm = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var repository = testOutput;
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "LogPlatform.sln"))) repository = repository.Parent;
        if (repository is null) throw new InvalidOperationException("LogPlatform.sln not found above " + AppContext.BaseDirectory);
        var path = Path.Combine(repository.FullName, "Analysis.Service", "bin", configuration, tfm, "Analysis.Service.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build Analysis.Service first", path);
    }
}
