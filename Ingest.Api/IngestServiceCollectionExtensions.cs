using Ingest.Api.BackPressure;
using Ingest.Api.Formats;
using Ingest.Api.Logs;
using Ingest.Api.Parsing;
using Ingest.Api.Protocols;
using Ingest.Api.Queue;
using Ingest.Api.Security;
using Ingest.Api.Sources;
using Ingest.Api.Syslog;
using Ingest.Api.Telemetry;
using Ingest.Api.Uploads;
using Microsoft.Extensions.Options;

namespace Ingest.Api;

public static class IngestServiceCollectionExtensions
{
    /// <summary>Options (validated at start), parser, queue, back-pressure sampler, API keys, telemetry.</summary>
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.SectionName)
            // Also take the keys as one comma-separated value (Ingest__ApiKeys=k1,k2), the easy form in an environment.
            .PostConfigure<IConfiguration>((ingest, configuration) =>
            {
                if (ingest.ApiKeys.Length == 0 && configuration[$"{IngestOptions.SectionName}:{nameof(IngestOptions.ApiKeys)}"] is { Length: > 0 } list)
                {
                    ingest.ApiKeys = list.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>();

        services.AddSingleton(sp => new StreamLogWriter(sp.GetRequiredService<IOptions<IngestOptions>>().Value));
        services.AddSingleton<LogPayloadParser>();
        services.AddTextFormats();
        services.AddProtocols();
        services.AddSingleton<StreamEnqueuer>();
        services.AddSingleton<DeadLetterWriter>();
        services.AddSingleton<BacklogState>();
        services.AddHostedService<BacklogSampler>();
        services.AddSingleton<IngestAdmission>();
        services.AddSyslogListeners();
        services.AddUploads();
        services.AddSources();
        services.AddSingleton<ApiKeyValidator>();
        services.AddSingleton<ApiKeyFilter>();
        services.AddSingleton<IngestTelemetry>();
        services.AddSingleton<LogIngestHandler>();

        // Log shippers send gzip/deflate/brotli bodies; the size limit applies to the decompressed bytes.
        services.AddRequestDecompression();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, IngestJsonContext.Default));
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer<IngestOpenApiDocument>());
        return builder;
    }
}
