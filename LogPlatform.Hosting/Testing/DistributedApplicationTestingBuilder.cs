using LogPlatform.Hosting.Processes;

namespace LogPlatform.Hosting.Testing;

/// <summary>
/// The test host, as Aspire.Hosting.Testing: the same app model on free loopback ports with a temporary data folder that
/// is removed afterwards.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    private static readonly AsyncLocal<Capture?> CurrentCapture = new();

    /// <summary>A builder for a test's own model, e.g. just Redis and PostgreSQL.</summary>
    public static DistributedApplicationBuilder Create(params string[] args) => new(args, NewTestContext());

    /// <summary>
    /// Runs the AppHost's real Program (<typeparamref name="TEntryPoint"/>'s assembly entry point) with test settings;
    /// its <c>Run()</c> hands the built app back here instead of blocking. Call <c>StartAsync</c> on the result.
    /// </summary>
    public static async Task<DistributedApplication> CreateAsync<TEntryPoint>(string[]? args = null, CancellationToken cancellationToken = default)
    {
        var entryPoint = typeof(TEntryPoint).Assembly.EntryPoint ?? throw new ArgumentException($"{typeof(TEntryPoint).Assembly.GetName().Name} has no entry point.");
        var capture = new Capture(NewTestContext());
        CurrentCapture.Value = capture;
        try
        {
            var main = Task.Run(() => entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [args ?? []]), cancellationToken);
            var first = await Task.WhenAny(capture.App.Task, main);
            if (first == main) await main; // surfaces an exception thrown before Run()
            return await capture.App.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        finally
        {
            CurrentCapture.Value = null;
        }
    }

    internal static HostingContext? CurrentTestContext => CurrentCapture.Value?.Context;

    internal static bool TryCapture(DistributedApplication app)
    {
        if (CurrentCapture.Value is not { } capture) return false;
        capture.App.TrySetResult(app);
        return true;
    }

    private static HostingContext NewTestContext()
    {
        // Keep test output quiet; each process's last lines are kept for failure messages.
        ProcessOutput.Echo = Environment.GetEnvironmentVariable("LOGPLATFORM_TEST_ECHO") == "1";
        return new HostingContext
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "logplatform-test-" + Guid.NewGuid().ToString("N")[..12]),
            UseFreePorts = true,
            DeleteDataOnDispose = true,
            StopGracePeriod = TimeSpan.FromSeconds(5),
        };
    }

    private sealed class Capture(HostingContext context)
    {
        public HostingContext Context { get; } = context;
        public TaskCompletionSource<DistributedApplication> App { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
