using System.Globalization;

namespace LoadGenerator;

/// <summary>Command-line settings (<c>--name value</c> pairs); defaults match the platform started by <c>./start.sh</c>.</summary>
public sealed record BenchOptions
{
    public string Mode { get; init; } = "ingest";
    public int DurationSeconds { get; init; } = 30;
    public int Batch { get; init; } = 1000;
    public int Clients { get; init; } = 4;
    /// <summary>ingest: how the batches are sent (json, clef, otlp); mode <c>shapes</c> runs all three in turn.</summary>
    public LoadShape Shape { get; init; } = LoadShape.Json;
    public string IngestUrl { get; init; } = "http://127.0.0.1:5010";
    public string ApiKey { get; init; } = "dev-ingest-key";
    public string GatewayUrl { get; init; } = "ws://127.0.0.1:5020";
    public string StreamToken { get; init; } = "dev-stream-token";
    public string Postgres { get; init; } =
        $"Host=127.0.0.1;Port=5440;Username=postgres;Password={AppHostSecrets.Get("postgres-password")};Database=logs;Timeout=15;Command Timeout=300";
    public string Redis { get; init; } = $"127.0.0.1:6390,password={AppHostSecrets.Get("redis-password")}";
    public string Corpus { get; init; } = DefaultCorpus();
    /// <summary>How long to wait for the stored rows to catch up with the accepted count.</summary>
    public int DrainTimeoutSeconds { get; init; } = 300;
    /// <summary>copy-ceiling: rows to COPY when no ingest ran in the same invocation.</summary>
    public long Rows { get; init; } = 1_000_000;
    /// <summary>copy-ceiling: concurrent COPY connections (the platform writes with 2 workers).</summary>
    public int CopyConnections { get; init; } = 2;
    /// <summary>copy-ceiling: rows per COPY/transaction (the worker's batch is up to 10,000 logs).</summary>
    public int CopyBatch { get; init; } = 10_000;
    /// <summary>copy-ceiling: drop the scratch table's indexes whose definition contains any of these (e.g. gin_trgm_ops), to price each index.</summary>
    public string[] CopyWithout { get; init; } = [];
    /// <summary>fanout: WebSocket clients.</summary>
    public int Subscribers { get; init; } = 1000;
    /// <summary>fanout: steady ingest rate, logs/s.</summary>
    public int Rate { get; init; } = 5000;
    /// <summary>fanout: share of subscribers that also filter on level=error.</summary>
    public double ErrorOnlyShare { get; init; } = 0.5;
    /// <summary>fanout: extra clients that connect and never read, to show that they slow nobody else.</summary>
    public int StalledSubscribers { get; init; }
    /// <summary>fanout: the stream formats to run one after another in the same invocation (native = batched envelopes, log-objects = one log per message).</summary>
    public string[] Framings { get; init; } = ["native"];
    /// <summary>fanout: publish the logs straight on the live channel (as a worker does after commit) instead of posting them, to measure the gateway alone.</summary>
    public bool LiveDirect { get; init; }
    /// <summary>alert-latency: rules tripped one after another (one latency each).</summary>
    public int Alerts { get; init; } = 20;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"Expected '--name value', got '{name}'.");
            var value = args[++i];
            options = name[2..] switch
            {
                "mode" => options with { Mode = value },
                "duration" => options with { DurationSeconds = Int(value) },
                "batch" => options with { Batch = Int(value) },
                "clients" => options with { Clients = Int(value) },
                "shape" => options with { Shape = LoadShape.Parse(value) },
                "ingest-url" => options with { IngestUrl = value },
                "api-key" => options with { ApiKey = value },
                "gateway-url" => options with { GatewayUrl = value },
                "token" => options with { StreamToken = value },
                "pg" => options with { Postgres = value },
                "redis" => options with { Redis = value },
                // A platform started with --Ports:postgres=N / --Ports:redis=N: the same servers' passwords, another port.
                "pg-port" => options with { Postgres = options.Postgres.Replace("Port=5440", $"Port={Int(value)}", StringComparison.Ordinal) },
                "redis-port" => options with { Redis = options.Redis.Replace("127.0.0.1:6390", $"127.0.0.1:{Int(value)}", StringComparison.Ordinal) },
                "corpus" => options with { Corpus = value },
                "drain-timeout" => options with { DrainTimeoutSeconds = Int(value) },
                "rows" => options with { Rows = long.Parse(value, CultureInfo.InvariantCulture) },
                "copy-connections" => options with { CopyConnections = Int(value) },
                "copy-batch" => options with { CopyBatch = Int(value) },
                "copy-without" => options with { CopyWithout = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "subscribers" => options with { Subscribers = Int(value) },
                "rate" => options with { Rate = Int(value) },
                "error-only-share" => options with { ErrorOnlyShare = double.Parse(value, CultureInfo.InvariantCulture) },
                "stalled-subscribers" => options with { StalledSubscribers = Int(value) },
                "live-direct" => options with { LiveDirect = bool.Parse(value) },
                "alerts" => options with { Alerts = Int(value) },
                "framings" => options with { Framings = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }
        return options;
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    /// <summary>The loghub samples beside the worktrees (../shared/datasets/loghub), found from the current folder upwards.</summary>
    private static string DefaultCorpus()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "datasets", "loghub"), Path.Combine(dir.FullName, "..", "shared", "datasets", "loghub") })
            {
                if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
            }
        }
        return "/work/shared/datasets/loghub";
    }
}
