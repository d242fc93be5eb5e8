using LoadGenerator;
using Npgsql;

// Drives a running platform (./start.sh) and prints figures. Modes: ingest, shapes (ingest as JSON, CLEF and OTLP
// batches in turn, side by side), copy-ceiling, all (ingest then copy-ceiling with the same row count, and the ratio),
// fanout, alert-latency. Options: see BenchOptions.
var options = BenchOptions.Parse(args);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

PlatformProcess.IngestPort = new Uri(options.IngestUrl).Port;
Console.WriteLine("platform processes: " + string.Join(", ", PlatformProcess.FindAll().GroupBy(p => p.Name).OrderBy(g => g.Key)
    .Select(g => g.Count() == 1 ? $"{g.Key} {g.First().Pid}" : $"{g.Key} x{g.Count()}")));
var corpus = LogCorpus.Load(options.Corpus);
Console.WriteLine($"corpus: {corpus.Lines.Count:N0} loghub lines from {options.Corpus}; " +
                  string.Join(", ", corpus.Lines.GroupBy(l => l.Level).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
await using var dataSource = NpgsqlDataSource.Create(options.Postgres);

switch (options.Mode)
{
    case "ingest":
        await new IngestLoad(options, corpus, dataSource, options.Shape).RunAsync(cancel.Token);
        break;
    case "shapes":
        var results = new List<IngestResult>();
        foreach (var shape in LoadShape.All) results.Add(await new IngestLoad(options, corpus, dataSource, shape).RunAsync(cancel.Token));
        Console.WriteLine($"== shapes, batches of {options.Batch}, {options.Clients} clients, {options.DurationSeconds} s each:");
        foreach (var result in results)
        {
            Console.WriteLine($"{result.Shape,-5} accepted {result.AcceptedPerSecond,9:N0} logs/s, stored {result.StoredPerSecond,9:N0} logs/s, " +
                              $"rows == accepted and no duplicates: {(result.RowsMatch ? "yes" : "NO")}");
        }
        break;
    case "copy-ceiling":
        await new CopyCeiling(options, corpus, dataSource).RunAsync(options.Rows, cancel.Token);
        break;
    case "all":
        var ingest = await new IngestLoad(options, corpus, dataSource, options.Shape).RunAsync(cancel.Token);
        var ceiling = await new CopyCeiling(options, corpus, dataSource).RunAsync(Math.Max(ingest.Accepted, 1), cancel.Token);
        Console.WriteLine($"== platform end to end {ingest.StoredPerSecond:N0} logs/s vs COPY ceiling {ceiling:N0} rows/s: " +
                          $"{ingest.StoredPerSecond / ceiling * 100:0.0}% of the ceiling; rows == accepted: {(ingest.RowsMatch ? "yes" : "NO")}");
        break;
    case "fanout":
        await new FanOutLoad(options, corpus).RunAsync(cancel.Token);
        break;
    case "alert-latency":
        await new AlertLatency(options).RunAsync(dataSource, cancel.Token);
        break;
    default:
        Console.Error.WriteLine($"Unknown mode '{options.Mode}': use ingest, shapes, copy-ceiling, all, fanout or alert-latency.");
        return 2;
}
return 0;
