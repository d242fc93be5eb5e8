using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using LogPlatform.Shipping.Tests.Integration;
using LogPlatform.Testing;
using Npgsql;
using ShipperBench;

// dotnet run -c Release --project bench/ShipperBench -- [lines, default 200000]
var lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
const string ApiKey = "bench-key";

await using var servers = await LogServers.StartAsync();
await using var database = NpgsqlDataSource.Create(servers.PostgresConnection);
var ingestUrl = new Uri($"http://127.0.0.1:{BuiltProcess.FreePort()}");
using var ingest = BuiltProcess.Start("Ingest.Api", "Ingest.Api", [], new Dictionary<string, string>
{
    ["ASPNETCORE_URLS"] = ingestUrl.ToString(),
    ["ConnectionStrings__redis"] = servers.RedisConnection,
    ["Ingest__ApiKeys__0"] = ApiKey,
    ["Logging__LogLevel__Default"] = "Warning",
});
var workerUrl = new Uri($"http://127.0.0.1:{BuiltProcess.FreePort()}");
using var worker = BuiltProcess.Start("Worker.Service", "Worker.Service", [], new Dictionary<string, string>
{
    ["ASPNETCORE_URLS"] = workerUrl.ToString(),
    ["ConnectionStrings__redis"] = servers.RedisConnection,
    ["ConnectionStrings__logs"] = servers.PostgresConnection,
    ["Logging__LogLevel__Default"] = "Warning",
});
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
await WaitHealthyAsync(ingestUrl);
await WaitHealthyAsync(workerUrl);

var directory = Directory.CreateTempSubdirectory("ship-bench-");
try
{
    // Warm-up: a small file through the shipper, so both runs find ingest and the worker JIT-compiled.
    await ShipperRunAsync("warmup", 20_000, report: false);
    var shipped = await ShipperRunAsync("ship", lines, report: true);
    var posted = await JsonRunAsync("json", lines);
    Console.WriteLine();
    Console.WriteLine($"| path ({lines:N0} lines) | lines/s into PostgreSQL | sender CPU s | sender peak RSS | ingest CPU s | worker CPU s |");
    Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
    Console.WriteLine(shipped);
    Console.WriteLine(posted);
}
finally
{
    directory.Delete(recursive: true);
}

async Task<string> ShipperRunAsync(string application, int count, bool report)
{
    var file = Path.Combine(directory.FullName, application + ".log");
    File.WriteAllText(file, "");
    using var shipper = BuiltProcess.Start("Shipper", "logplatform-ship",
        ["--url", ingestUrl.ToString(), "--format", "logfmt", "--application", application, "--state", Path.Combine(directory.FullName, application + ".state.json"),
         "--flush-after-ms", "200", "--poll-interval-ms", "100", "--no-progress", file],
        new Dictionary<string, string> { ["LOGPLATFORM_API_KEY"] = ApiKey });
    await Task.Delay(1000);
    var (ingestCpu, workerCpu) = (ProcessUsage.CpuSeconds(ingest.Id), ProcessUsage.CpuSeconds(worker.Id));
    var clock = Stopwatch.StartNew();
    // The file grows while it is shipped: appended in blocks of 1,000 lines as fast as the disk takes them.
    await using (var writer = new StreamWriter(new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)))
    {
        for (var i = 0; i < count; i++)
        {
            await writer.WriteAsync(Line(application, i));
            if (i % 1000 == 999) await writer.FlushAsync();
        }
    }
    var written = clock.Elapsed;
    await WaitStoredAsync(application, count);
    var elapsed = clock.Elapsed;
    var row = string.Create(CultureInfo.InvariantCulture,
        $"| logplatform-ship, growing file (written in {written.TotalSeconds:0.0} s) | **{count / elapsed.TotalSeconds:N0}** | {ProcessUsage.CpuSeconds(shipper.Id):0.0} | {ProcessUsage.PeakRssKiB(shipper.Id) / 1024.0:0} MiB | {ProcessUsage.CpuSeconds(ingest.Id) - ingestCpu:0.0} | {ProcessUsage.CpuSeconds(worker.Id) - workerCpu:0.0} |");
    if (report) Console.WriteLine(row);
    return row;
}

async Task<string> JsonRunAsync(string application, int count)
{
    var (ingestCpu, workerCpu) = (ProcessUsage.CpuSeconds(ingest.Id), ProcessUsage.CpuSeconds(worker.Id));
    var ownCpu = ProcessUsage.CpuSeconds(Environment.ProcessId);
    var clock = Stopwatch.StartNew();
    // The same lines as NDJSON logs, 5,000 per request (the shipper's batch), one request at a time as the shipper sends.
    const int batch = 5000;
    var body = new StringBuilder();
    for (var start = 0; start < count; start += batch)
    {
        body.Clear();
        for (var i = start; i < Math.Min(count, start + batch); i++)
        {
            body.Append(CultureInfo.InvariantCulture, $"{{\"level\":\"info\",\"application\":\"{application}\",\"message\":\"line {i} of the benchmark file with some padding to look like a log\",\"properties\":{{\"file\":\"{application}\",\"seq\":{i}}}}}\n");
        }
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(ingestUrl, "/logs"));
            request.Content = new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson");
            request.Headers.Add("X-Api-Key", ApiKey);
            request.Headers.Add("Idempotency-Key", $"bench:{application}:{start}");
            using var response = await http.SendAsync(request);
            if (response.IsSuccessStatusCode) break;
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(200));
        }
    }
    await WaitStoredAsync(application, count);
    var elapsed = clock.Elapsed;
    return string.Create(CultureInfo.InvariantCulture,
        $"| JSON (NDJSON POST /logs, 5,000 per request) | **{count / elapsed.TotalSeconds:N0}** | {ProcessUsage.CpuSeconds(Environment.ProcessId) - ownCpu:0.0} (driver) | {ProcessUsage.PeakRssKiB(Environment.ProcessId) / 1024.0:0} MiB (driver) | {ProcessUsage.CpuSeconds(ingest.Id) - ingestCpu:0.0} | {ProcessUsage.CpuSeconds(worker.Id) - workerCpu:0.0} |");
}

static string Line(string application, int i)
    => $"level=info file={application} seq={i} msg=\"line {i} of the benchmark file with some padding to look like a log\"\n";

async Task WaitStoredAsync(string application, int count)
{
    var until = DateTime.UtcNow + TimeSpan.FromMinutes(10);
    while (true)
    {
        await using var command = database.CreateCommand("SELECT count(*) FROM logs WHERE lower(application) = lower($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = application });
        var stored = (long)(await command.ExecuteScalarAsync())!;
        if (stored >= count)
        {
            if (stored > count) throw new InvalidOperationException($"{stored} stored for {count} lines of {application}");
            return;
        }
        if (DateTime.UtcNow > until) throw new TimeoutException($"{stored} of {count} stored for {application}");
        await Task.Delay(100);
    }
}

async Task WaitHealthyAsync(Uri service)
{
    var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
    while (true)
    {
        try
        {
            if ((await http.GetAsync(new Uri(service, "/health"))).IsSuccessStatusCode) return;
        }
        catch (HttpRequestException)
        {
        }
        if (DateTime.UtcNow > until) throw new TimeoutException($"{service} not healthy:\n{ingest.Output}\n{worker.Output}");
        await Task.Delay(250);
    }
}
