using LogPlatform.Storage.Writing;
using Npgsql;

namespace Worker.Service.Tests.Integration;

/// <summary>
/// Resuming after an id (after_id, SSE's Last-Event-ID) is only safe if no log with a lower id becomes visible later,
/// and if batches are announced in id order. Concurrent writers, as the worker pool runs them, must keep both.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class CommitOrderTests(ServersFixture servers)
{
    private const int Writers = 4;
    private const int BatchesPerWriter = 15;

    [Fact]
    public async Task Concurrent_writers_commit_and_announce_in_id_order()
    {
        var application = "order-" + Guid.NewGuid().ToString("N")[..8];
        await using var dataSource = NpgsqlDataSource.Create(servers.PostgresConnection);
        var writer = new LogBatchWriter(dataSource);
        var announced = new List<long>();
        var snapshots = new List<long[]>();
        using var stopReading = new CancellationTokenSource();

        // A reader that keeps looking, as a resuming client would: what it sees below its highest id must be final.
        var reading = Task.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            while (!stopReading.IsCancellationRequested)
            {
                await using var select = new NpgsqlCommand("SELECT id FROM logs WHERE application = $1", connection) { Parameters = { new() { Value = application } } };
                var ids = new List<long>();
                await using (var reader = await select.ExecuteReaderAsync()) while (await reader.ReadAsync()) ids.Add(reader.GetInt64(0));
                snapshots.Add([.. ids]);
            }
        });

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < BatchesPerWriter; b++)
            {
                StreamEntryLogs[] batch = [StreamEntryLogs.FromLogs($"order-{w}-{b}-{Guid.NewGuid():N}", ServersFixture.Logs(application, 40))];
                await writer.WriteAsync(batch, async (stored, _) =>
                {
                    lock (announced) announced.AddRange(stored.Ids);
                    await Task.Delay(2); // publishing takes a moment; another writer must not overtake meanwhile
                }, CancellationToken.None);
            }
        })));
        await stopReading.CancelAsync();
        await reading;

        Assert.Equal(Writers * BatchesPerWriter * 40, announced.Count);
        Assert.Equal(announced.Order(), announced);
        Assert.Equal(announced.Count, announced.Distinct().Count());

        var final = announced.ToHashSet();
        Assert.True(snapshots.Count > 5, $"the reader looked only {snapshots.Count} times");
        foreach (var seen in snapshots.Where(s => s.Length > 0))
        {
            var highest = seen.Max();
            var missing = final.Where(id => id < highest).Except(seen).ToList();
            Assert.True(missing.Count == 0, $"after seeing id {highest}, {missing.Count} lower ids appeared later (e.g. {missing.FirstOrDefault()})");
        }
    }
}
