namespace LogPlatform.Shipping.Tests.Integration;

/// <summary>
/// logplatform-ship as a real process against the real ingest, worker, Redis and PostgreSQL: files appended to,
/// renamed and recreated, truncated (copytruncate) while it runs, and the shipper killed with SIGKILL and restarted.
/// Every line must be in PostgreSQL exactly once, in order per file.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class ShipperProcessTests(PipelineFixture pipeline) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ship-e2e-");
    private readonly string _application = "ship-" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<BuiltProcess> _shippers = [];

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    private static IEnumerable<string> Lines(string file, int from, int count)
        => Enumerable.Range(from, count).Select(i => $"level=info file={file} seq={i} msg=\"line {i} of {file}\"");

    private BuiltProcess StartShipper(params string[] arguments)
    {
        var shipper = BuiltProcess.Start("Shipper", "logplatform-ship",
            ["--url", pipeline.IngestUrl.ToString(), "--format", "logfmt", "--application", _application, "--state", PathOf("state.json"),
             "--flush-after-ms", "200", "--poll-interval-ms", "50", .. arguments],
            new Dictionary<string, string> { ["LOGPLATFORM_API_KEY"] = PipelineFixture.ApiKey }, _directory.FullName);
        _shippers.Add(shipper);
        return shipper;
    }

    /// <summary>Waits until <paramref name="expected"/> logs are stored, then checks nothing more arrives and returns them.</summary>
    private async Task<List<(string File, int Seq)>> WaitStoredAsync(int expected)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            var stored = await pipeline.StoredAsync(_application);
            if (stored.Count >= expected)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                return await pipeline.StoredAsync(_application);
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{stored.Count} of {expected} logs stored.\n{string.Join("\n", _shippers.Select(s => "--- shipper ---\n" + s.Output))}\n{pipeline.Diagnostics}");
            }
            await Task.Delay(200);
        }
    }

    private async Task WaitCountAsync(int atLeast)
    {
        var until = DateTime.UtcNow + Patience;
        while ((await pipeline.StoredAsync(_application)).Count < atLeast)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"fewer than {atLeast} logs stored");
            await Task.Delay(100);
        }
    }

    private static void AssertExactlyOnceInOrder(List<(string File, int Seq)> stored, IReadOnlyDictionary<string, int> linesPerFile)
    {
        Assert.Equal(linesPerFile.Values.Sum(), stored.Count);
        foreach (var (file, count) in linesPerFile)
        {
            var seqs = stored.Where(s => s.File == file).Select(s => s.Seq).ToList();
            Assert.Equal(Enumerable.Range(0, count), seqs);
        }
    }

    [Fact]
    public async Task Once_ships_a_file_and_exits()
    {
        File.WriteAllLines(PathOf("once.log"), Lines("once", 0, 3000));
        var shipper = StartShipper("--once", PathOf("once.log"));
        Assert.Equal(0, await shipper.WaitForExitAsync(Patience));
        Assert.Contains("3000 lines shipped, 0 errors", shipper.Output);

        AssertExactlyOnceInOrder(await WaitStoredAsync(3000), new Dictionary<string, int> { ["once"] = 3000 });

        // Run again: the state file says it is all shipped.
        var again = StartShipper("--once", PathOf("once.log"));
        Assert.Equal(0, await again.WaitForExitAsync(Patience));
        Assert.Contains("0 lines shipped", again.Output);
    }

    [Fact]
    public async Task Follows_a_file_that_is_appended_to_renamed_and_recreated_and_truncated()
    {
        var path = PathOf("app.log");
        File.WriteAllLines(path, Lines("one", 0, 500));
        StartShipper("--batch-lines", "100", PathOf("app.log"));

        // Appended while it runs.
        for (var i = 500; i < 2000; i += 100)
        {
            File.AppendAllLines(path, Lines("one", i, 100));
            await Task.Delay(20);
        }
        await WaitCountAsync(1000);

        // Rotation by rename: the writer adds to the renamed file, then a new file is created under the name.
        File.Move(path, PathOf("app.log.1"));
        File.AppendAllLines(PathOf("app.log.1"), Lines("one", 2000, 200));
        for (var i = 0; i < 1000; i += 100)
        {
            File.AppendAllLines(path, Lines("two", i, 100));
            await Task.Delay(20);
        }
        await WaitCountAsync(3200);

        // copytruncate: copied away and truncated in place once shipped (what logrotate does), then written again.
        File.Copy(path, PathOf("app.log.2"));
        using (var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) truncate.SetLength(0);
        for (var i = 0; i < 1000; i += 100)
        {
            File.AppendAllLines(path, Lines("three", i, 100));
            await Task.Delay(20);
        }

        AssertExactlyOnceInOrder(await WaitStoredAsync(4200), new Dictionary<string, int> { ["one"] = 2200, ["two"] = 1000, ["three"] = 1000 });
    }

    [Fact]
    public async Task Killed_with_sigkill_and_restarted_it_neither_loses_nor_repeats_a_line()
    {
        const int total = 20_000;
        var path = PathOf("busy.log");
        using var stopWriting = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < total; i += 250)
            {
                File.AppendAllLines(path, Lines("busy", i, 250));
                await Task.Delay(15);
            }
        });
        var shipper = StartShipper("--batch-lines", "150", path);
        await WaitCountAsync(2_000);
        shipper.Kill();

        shipper = StartShipper("--batch-lines", "150", path);
        await WaitCountAsync(8_000);
        shipper.Kill();

        StartShipper("--batch-lines", "150", path);
        await writer;
        AssertExactlyOnceInOrder(await WaitStoredAsync(total), new Dictionary<string, int> { ["busy"] = total });
    }

    public void Dispose()
    {
        foreach (var shipper in _shippers) shipper.Dispose();
        _directory.Delete(recursive: true);
    }
}
