using Ingest.Api.BackPressure;
using Ingest.Api.Formats;
using Ingest.Api.Queue;
using Ingest.Api.Telemetry;
using LogPlatform.Shipping;
using LogPlatform.Shipping.Checkpoints;
using LogPlatform.Shipping.Tailing;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Sources;

/// <summary>
/// The operator-defined sources of <see cref="SourcesOptions"/>: each tailed in-process by the shipper's
/// <see cref="SourceTailer"/> into the queue (<see cref="QueueBatchSink"/>), with its offsets in its own state file.
/// Starts those marked <see cref="SourceDefinition.AutoStart"/> with ingest and stops them all with it.
/// </summary>
public sealed class SourceRunner : IHostedService
{
    private readonly Dictionary<string, OperatorSource> _sources = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly SourcesOptions _options;

    public SourceRunner(IOptions<SourcesOptions> options, TextPayloadParser parser, StreamEnqueuer enqueuer, IngestAdmission admission,
        IngestTelemetry telemetry, IOptions<IngestOptions> ingestOptions, IOptions<TextFormatOptions> textOptions, TimeProvider time,
        ILoggerFactory loggers)
    {
        _options = options.Value;
        var allowed = new AllowedDirectories(_options.AllowedDirectories);
        foreach (var (name, definition) in _options.Definitions.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            parser.Formats.TryGet(definition.Format, out var format);
            var source = new ShipSource
            {
                Name = name,
                Paths = [definition.Glob],
                Format = definition.Format,
                LogSource = definition.Source,
                Application = definition.Application,
            };
            var stateFile = Path.Combine(_options.ResolvedStateDirectory, name + ".state.json");
            SourceTailer CreateTailer() => new(source, new CheckpointStore(stateFile),
                new QueueBatchSink(definition, format, parser, enqueuer, admission, telemetry, ingestOptions.Value, textOptions.Value, time),
                time, acceptFile: allowed.ContainsFile);
            _sources[name] = new OperatorSource(name, definition, CreateTailer, loggers.CreateLogger<OperatorSource>());
        }
    }

    public IEnumerable<OperatorSource> All => _sources.Values;

    public OperatorSource? Find(string name) => _sources.GetValueOrDefault(name);

    public void Start(OperatorSource source) => source.Start(_stopping.Token);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, definition) in _options.Definitions)
        {
            if (definition.AutoStart) Start(_sources[name]);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_sources.Values.Select(s => s.StopAsync())).WaitAsync(cancellationToken);
    }
}
