using System.CommandLine;
using System.Text.Json;
using LogPlatform.Shipping;
using Shipper.Configuration;

namespace Shipper.Commands;

/// <summary>The command line of logplatform-ship: its flags (documented by <c>--help</c>) and how they override the configuration file.</summary>
public static class ShipCommand
{
    public const string DefaultUrl = "http://localhost:5010";
    public const string DefaultStateFile = "logplatform-ship.state.json";

    private static readonly Argument<string[]> Paths = new("paths")
    {
        Description = "Files or globs to ship (wildcards * and ? in the file name: '/var/log/nginx/*.log'; quote them). Followed like tail -F.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<FileInfo?> Config = new("--config", "-c") { Description = "A JSON configuration file (url, api_key, state_file, inputs[]); flags override it." };
    private static readonly Option<string?> Url = new("--url") { Description = $"Ingest's base address (env LOGPLATFORM_URL; default {DefaultUrl}). Logs go to <url>/logs." };
    private static readonly Option<string?> ApiKey = new("--api-key") { Description = "Ingest's API key, sent as X-Api-Key (env LOGPLATFORM_API_KEY; prefer the env or the config file to a flag)." };
    private static readonly Option<string?> State = new("--state") { Description = $"The state file holding each file's shipped offset (default ./{DefaultStateFile})." };
    private static readonly Option<bool> Once = new("--once") { Description = "Ship what the files hold now, to their end, and exit (0: all accepted; 2: some batches refused)." };
    private static readonly Option<string?> Name = new("--name") { Description = "The input's name in the state file and the idempotency keys (default: ship)." };
    private static readonly Option<string?> Format = new("--format", "-f") { Description = "Ingest's text format: auto (default), syslog, rfc5424, rfc3164, access, cef, logfmt, json, or a custom format of the server." };
    private static readonly Option<string?> LogSource = new("--source") { Description = "The logs' default source (host), when the format does not read one (X-Log-Source)." };
    private static readonly Option<string?> Application = new("--application") { Description = "The logs' default application (X-Log-Application)." };
    private static readonly Option<string?> StartPattern = new("--start-pattern") { Description = "A regular expression a line must match to start an event (default: a line not beginning with whitespace)." };
    private static readonly Option<bool> NoMultiline = new("--no-multiline") { Description = "Every line is an event (no joining of continuation lines)." };
    private static readonly Option<int?> BatchLines = new("--batch-lines") { Description = "At most this many lines per batch (default 5000, at most 10000)." };
    private static readonly Option<int?> BatchBytes = new("--batch-bytes") { Description = "At most this many bytes per batch before gzip (default 524288); also the memory a file is read with." };
    private static readonly Option<int?> FlushAfterMs = new("--flush-after-ms") { Description = "A file quiet this long gets its last event sent (default 1000)." };
    private static readonly Option<int?> PollIntervalMs = new("--poll-interval-ms") { Description = "How often files are checked for growth, rotation and truncation (default 250)." };
    private static readonly Option<bool> NoProgress = new("--no-progress") { Description = "No live progress line (files, lines/s, lag, errors) on the terminal." };

    public static RootCommand Create()
    {
        var command = new RootCommand("""
            logplatform-ship: ships log files to LogPlatform's ingest API. Follows files and globs like tail -F (rotation by
            rename and by copytruncate; a file is known by a fingerprint of its first line, not its name), joins multi-line
            events, batches them (gzip), retries with back-off (honouring Retry-After) and sends each batch with an
            Idempotency-Key made of the file's fingerprint and byte range, so a retried batch is stored once. Offsets are
            kept in a state file, advanced only after Ingest accepted a batch: a restart neither loses nor repeats lines.
            Example: logplatform-ship --url http://localhost:5010 --format syslog '/var/log/*.log'
            """);
        command.Arguments.Add(Paths);
        foreach (var option in new Option[] { Config, Url, ApiKey, State, Once, Name, Format, LogSource, Application, StartPattern, NoMultiline,
                     BatchLines, BatchBytes, FlushAfterMs, PollIntervalMs, NoProgress })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (result, cancellationToken) =>
        {
            ShipRun run;
            try
            {
                run = Build(result);
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or JsonException or InvalidDataException)
            {
                await Console.Error.WriteLineAsync("logplatform-ship: " + ex.Message);
                return 64;
            }
            return await run.RunAsync(cancellationToken);
        });
        return command;
    }

    private static ShipRun Build(ParseResult result)
    {
        var config = result.GetValue(Config) is { } file
            ? JsonSerializer.Deserialize(File.ReadAllBytes(file.FullName), ShipperConfigJsonContext.Default.ShipperConfig) ?? new ShipperConfig()
            : new ShipperConfig();
        var inputs = new List<ShipperInput>(config.Inputs);
        if (result.GetValue(Paths) is { Length: > 0 } paths) inputs.Add(new ShipperInput { Name = result.GetValue(Name), Paths = paths });
        if (inputs.Count == 0) throw new ArgumentException("Nothing to ship: name files or globs, or inputs in --config. See --help.");

        var sources = inputs.Select((input, index) => ToSource(input, index, result)).ToList();
        var duplicate = sources.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Two inputs are named '{duplicate.Key}'; give each a name of its own.");

        var url = result.GetValue(Url) ?? Environment.GetEnvironmentVariable("LOGPLATFORM_URL") ?? config.Url ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--url '{url}' is not an http(s) address.");
        }
        var endpoint = baseUri.AbsolutePath.TrimEnd('/').EndsWith("/logs", StringComparison.Ordinal) ? baseUri : new Uri(baseUri, baseUri.AbsolutePath.TrimEnd('/') + "/logs");
        var apiKey = result.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable("LOGPLATFORM_API_KEY") ?? config.ApiKey;
        var state = result.GetValue(State) ?? config.StateFile ?? DefaultStateFile;
        var progress = !result.GetValue(NoProgress);
        return new ShipRun(sources, endpoint, apiKey, state, result.GetValue(Once), progress);
    }

    /// <summary>An input with the flags given on the command line applied over it, checked.</summary>
    private static ShipSource ToSource(ShipperInput input, int index, ParseResult result)
    {
        var source = new ShipSource
        {
            Name = input.Name ?? (index == 0 ? "ship" : $"input{index}"),
            Paths = input.Paths,
            Format = result.GetValue(Format) ?? input.Format ?? "auto",
            LogSource = result.GetValue(LogSource) ?? input.Source,
            Application = result.GetValue(Application) ?? input.Application,
            Multiline = !result.GetValue(NoMultiline) && (input.Multiline ?? true),
            StartPattern = result.GetValue(StartPattern) ?? input.StartPattern,
        };
        if ((result.GetValue(BatchLines) ?? input.BatchLines) is { } lines) source.MaxBatchLines = lines;
        if ((result.GetValue(BatchBytes) ?? input.BatchBytes) is { } bytes) source.MaxBatchBytes = bytes;
        if ((result.GetValue(FlushAfterMs) ?? input.FlushAfterMs) is { } flush) source.FlushAfter = TimeSpan.FromMilliseconds(flush);
        if ((result.GetValue(PollIntervalMs) ?? input.PollIntervalMs) is { } poll) source.PollInterval = TimeSpan.FromMilliseconds(poll);

        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(source, new(source), errors, validateAllProperties: true))
        {
            throw new ArgumentException($"Input '{source.Name}': {string.Join("; ", errors.Select(e => e.ErrorMessage))}");
        }
        if (source.Paths.Length == 0) throw new ArgumentException($"Input '{source.Name}' names no paths.");
        if (source.PollInterval <= TimeSpan.Zero || source.FlushAfter < TimeSpan.Zero) throw new ArgumentException($"Input '{source.Name}': the intervals must be positive.");
        return source;
    }
}
