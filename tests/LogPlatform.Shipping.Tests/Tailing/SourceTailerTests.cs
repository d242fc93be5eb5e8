using LogPlatform.Shipping.Checkpoints;
using LogPlatform.Shipping.Sending;
using LogPlatform.Shipping.Tailing;

namespace LogPlatform.Shipping.Tests.Tailing;

/// <summary>The tailer on real files in a temporary folder, with a sink that records the batches.</summary>
public sealed class SourceTailerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ship-tail-");
    private string PathOf(string name) => Path.Combine(_directory.FullName, name);
    private string StateFile => PathOf("state/state.json");

    private ShipSource Source(string glob, int batchLines = 5000) => new()
    {
        Name = "test",
        Paths = [PathOf(glob)],
        MaxBatchLines = batchLines,
        FlushAfter = TimeSpan.FromMilliseconds(100),
        PollInterval = TimeSpan.FromMilliseconds(20),
        RotatedFileGrace = TimeSpan.FromMilliseconds(300),
    };

    private static SourceTailer Tailer(ShipSource source, CheckpointStore store, IBatchSink sink)
        => new(source, store, sink, TimeProvider.System, new RetryBackoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)));

    private static string[] Numbered(string prefix, int from, int count) => [.. Enumerable.Range(from, count).Select(i => $"{prefix} {i:D5}")];

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("waited in vain for " + what);
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Once_ships_every_line_with_a_last_one_without_line_break_and_a_second_run_ships_nothing()
    {
        File.WriteAllText(PathOf("a.log"), string.Join('\n', Numbered("a", 0, 12_000)));
        var sink = new RecordingSink();
        await Tailer(Source("*.log"), new CheckpointStore(StateFile), sink).RunAsync(once: true, CancellationToken.None);
        Assert.Equal(Numbered("a", 0, 12_000), sink.Lines());
        Assert.True(sink.Stored.Count >= 3, "batches of at most 5000 lines");

        var again = new RecordingSink();
        await Tailer(Source("*.log"), new CheckpointStore(StateFile), again).RunAsync(once: true, CancellationToken.None);
        Assert.Empty(again.Attempts);
    }

    [Fact]
    public async Task A_stack_trace_is_never_split_between_batches()
    {
        var lines = new List<string>();
        for (var i = 0; i < 300; i++) lines.AddRange([$"error {i}", "  at A.B()", "  at C.D()"]);
        File.WriteAllText(PathOf("app.log"), string.Join('\n', lines) + "\n");
        var sink = new RecordingSink();
        await Tailer(Source("app.log", batchLines: 10), new CheckpointStore(StateFile), sink).RunAsync(once: true, CancellationToken.None);
        Assert.All(sink.Stored, batch => Assert.StartsWith("error ", batch.Text));
        Assert.Equal(lines, sink.Lines());
    }

    [Fact]
    public async Task Follows_appends_a_rename_with_a_new_file_and_a_copytruncate()
    {
        var path = PathOf("app.log");
        var sink = new RecordingSink();
        using var stop = new CancellationTokenSource();
        var run = Tailer(Source("app.log"), new CheckpointStore(StateFile), sink).RunAsync(once: false, stop.Token);

        File.AppendAllLines(path, Numbered("one", 0, 100));
        File.AppendAllLines(path, Numbered("one", 100, 100));
        await WaitForAsync(() => sink.Lines().Count == 200, "the first 200 lines");

        // Rotation by rename: what the writer still adds to the renamed file is read too.
        File.Move(path, PathOf("app.log.1"));
        File.AppendAllLines(PathOf("app.log.1"), Numbered("one", 200, 50));
        File.AppendAllLines(path, Numbered("two", 0, 100));
        await WaitForAsync(() => sink.Lines().Count == 350, "the renamed and the new file");

        // copytruncate: copied away, truncated in place, written again from its start.
        File.Copy(path, PathOf("app.log.2"));
        using (var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) truncate.SetLength(0);
        File.AppendAllLines(path, Numbered("three", 0, 100));
        await WaitForAsync(() => sink.Lines().Count == 450, "the truncated file");

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var stored = sink.Lines();
        Assert.Equal(Numbered("one", 0, 250), stored.Where(l => l.StartsWith("one", StringComparison.Ordinal)));
        Assert.Equal(Numbered("two", 0, 100), stored.Where(l => l.StartsWith("two", StringComparison.Ordinal)));
        Assert.Equal(Numbered("three", 0, 100), stored.Where(l => l.StartsWith("three", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_file_truncated_with_the_same_first_line_is_read_again_under_new_keys()
    {
        var path = PathOf("same.log");
        File.WriteAllLines(path, ["header", .. Numbered("old", 0, 50)]);
        var sink = new RecordingSink();
        using var stop = new CancellationTokenSource();
        var run = Tailer(Source("same.log"), new CheckpointStore(StateFile), sink).RunAsync(once: false, stop.Token);
        await WaitForAsync(() => sink.Lines().Count == 51, "the first content");

        File.WriteAllLines(path, ["header", "new 1"]);
        await WaitForAsync(() => sink.Lines().Count == 53, "the rewritten content");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(["header", "new 1"], sink.Lines()[^2..]);
    }

    [Fact]
    public async Task A_batch_is_retried_with_the_same_key_and_a_refused_one_is_skipped_and_counted()
    {
        File.WriteAllLines(PathOf("r.log"), Numbered("r", 0, 30));
        var sink = new RecordingSink(SendResult.Retry("busy", TimeSpan.FromMilliseconds(1)), SendResult.Retry("down"), SendResult.Rejected("400: bad"));
        var tailer = Tailer(Source("r.log", batchLines: 10), new CheckpointStore(StateFile), sink);
        await tailer.RunAsync(once: true, CancellationToken.None);

        var attempts = sink.Attempts.ToList();
        Assert.Equal(attempts[0].Key, attempts[1].Key);
        Assert.Equal(attempts[0].Key, attempts[2].Key);
        var refused = attempts[0].Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(refused);
        Assert.Equal(Numbered("r", 0, 30).Except(refused), sink.Lines());
        Assert.Equal(3, tailer.Progress.Errors);
        Assert.Contains("400: bad", tailer.Progress.LastError);
    }

    [Fact]
    public async Task A_batch_on_its_way_at_a_crash_is_sent_again_exactly_with_its_key()
    {
        var path = PathOf("c.log");
        File.WriteAllLines(path, Numbered("c", 0, 20));
        var store = new CheckpointStore(StateFile);
        // A fatal answer stops the tailer with the batch still pending in the state file, as a kill would leave it.
        var first = new RecordingSink(SendResult.Fatal("gone"));
        await Assert.ThrowsAsync<ShipperStoppedException>(() => Tailer(Source("c.log", batchLines: 10), store, first).RunAsync(once: true, CancellationToken.None));
        var pendingKey = first.Attempts.Single().Key;
        File.AppendAllLines(path, Numbered("c", 20, 5));

        var second = new RecordingSink();
        await Tailer(Source("c.log", batchLines: 10), new CheckpointStore(StateFile), second).RunAsync(once: true, CancellationToken.None);
        Assert.Equal(pendingKey, second.Attempts.First().Key);
        Assert.Equal(Numbered("c", 0, 25), second.Lines());
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
