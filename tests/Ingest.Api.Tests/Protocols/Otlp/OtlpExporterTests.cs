using System.Diagnostics;
using Ingest.Api.Tests.Formats;
using Ingest.Api.Tests.Integration;
using LogPlatform.Contracts;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;

namespace Ingest.Api.Tests.Protocols.Otlp;

/// <summary>The real client: OpenTelemetry .NET's OTLP exporter (HttpProtobuf) on an ILogger, against ingest on a Kestrel port.</summary>
[Collection(IngestCollection.Name)]
public sealed class OtlpExporterTests(IngestFixture fixture)
{
    [Fact]
    public async Task Records_exported_over_OTLP_HTTP_protobuf_land_on_the_stream_with_fields_attributes_and_trace()
    {
        await using var ingest = new KestrelIngest(fixture.Redis.ConnectionString);
        var app = "otlp-" + Guid.NewGuid().ToString("N")[..12];
        string traceId, spanId;
        using (var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddOpenTelemetry(otel =>
        {
            otel.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(app, serviceInstanceId: "pod-3").AddAttributes([new("deployment.environment", "test")]));
            otel.IncludeFormattedMessage = true;
            otel.AddOtlpExporter(exporter =>
            {
                exporter.Endpoint = new Uri(ingest.BaseAddress, "/v1/logs");
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.Headers = $"x-api-key={IngestApiFactory.ApiKey}";
            });
        })))
        {
            var logger = loggerFactory.CreateLogger("Checkout.Payments");
            using (var activity = new Activity("pay").SetIdFormat(ActivityIdFormat.W3C).Start())
            {
                logger.LogWarning("Payment {PaymentId} declined for {Amount}", 42, 9.99);
                traceId = activity.TraceId.ToHexString();
                spanId = activity.SpanId.ToHexString();
            }
            logger.LogError(new InvalidOperationException("boom"), "Charge failed");
            logger.LogDebug("detail");
        }

        var logs = await Eventually.GetAsync(() => StreamLogs.OfApplicationAsync(fixture.Database, app), l => l.Count >= 3);

        Assert.Equal(3, logs.Count);
        var declined = logs.Single(l => l.Level == LogSeverity.Warn);
        Assert.Equal("Payment 42 declined for 9.99", declined.Message);
        Assert.Equal("pod-3", declined.Source);
        Assert.Equal(traceId, declined.TraceId);
        Assert.Equal(spanId, declined.SpanId);
        Assert.Equal("otlp", declined.Property("ingest_protocol"));
        var properties = declined.Properties!.Value;
        Assert.Equal(42, properties.GetProperty("attributes").GetProperty("PaymentId").GetInt64());
        Assert.Equal(9.99, properties.GetProperty("attributes").GetProperty("Amount").GetDouble());
        Assert.Equal("test", properties.GetProperty("resource").GetProperty("deployment.environment").GetString());
        Assert.Equal(app, properties.GetProperty("resource").GetProperty("service.name").GetString());
        Assert.Equal("Checkout.Payments", properties.GetProperty("scope").GetProperty("name").GetString());
        Assert.True(DateTimeOffset.UtcNow - declined.Timestamp < TimeSpan.FromMinutes(1));

        var failed = logs.Single(l => l.Level == LogSeverity.Error);
        Assert.Equal("Charge failed", failed.Message);
        var attributes = failed.Properties!.Value.GetProperty("attributes");
        Assert.Equal("InvalidOperationException", attributes.GetProperty("exception.type").GetString()); // the exporter sends the type's name
        Assert.Equal("boom", attributes.GetProperty("exception.message").GetString());
        Assert.Contains(logs, l => l.Level == LogSeverity.Debug && l.Message == "detail");
    }
}
