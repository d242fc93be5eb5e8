using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Ingest.Api.Tests.Formats;
using Ingest.Api.Tests.Integration;
using LogPlatform.Contracts;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using static Ingest.Api.Tests.Protocols.ProtoWriter;

namespace Ingest.Api.Tests.Protocols.Otlp;

/// <summary>OTLP/gRPC: the real exporter (Grpc protocol) on an ILogger, and hand-framed calls for the framing and the key.</summary>
[Collection(IngestCollection.Name)]
public sealed class OtlpGrpcTests(IngestFixture fixture)
{
    private const string ExportPath = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";

    [Fact]
    public async Task Records_exported_over_OTLP_gRPC_land_on_the_stream_with_fields_attributes_and_trace()
    {
        await using var ingest = new KestrelIngest(fixture.Redis.ConnectionString, grpc: true);
        var app = "otlpg-" + Guid.NewGuid().ToString("N")[..12];
        string traceId, spanId;
        using (var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddOpenTelemetry(otel =>
        {
            otel.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(app, serviceInstanceId: "pod-7").AddAttributes([new("deployment.environment", "test")]));
            otel.IncludeFormattedMessage = true;
            otel.AddOtlpExporter(exporter =>
            {
                exporter.Endpoint = ingest.GrpcAddress;
                exporter.Protocol = OtlpExportProtocol.Grpc;
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
        Assert.Equal("pod-7", declined.Source);
        Assert.Equal(traceId, declined.TraceId);
        Assert.Equal(spanId, declined.SpanId);
        Assert.Equal("otlp", declined.Property("ingest_protocol"));
        var properties = declined.Properties!.Value;
        Assert.Equal(42, properties.GetProperty("attributes").GetProperty("PaymentId").GetInt64());
        Assert.Equal(9.99, properties.GetProperty("attributes").GetProperty("Amount").GetDouble());
        Assert.Equal("test", properties.GetProperty("resource").GetProperty("deployment.environment").GetString());
        Assert.Equal("Checkout.Payments", properties.GetProperty("scope").GetProperty("name").GetString());
        var failed = logs.Single(l => l.Level == LogSeverity.Error);
        Assert.Equal("boom", failed.Properties!.Value.GetProperty("attributes").GetProperty("exception.message").GetString());
        Assert.Contains(logs, l => l.Level == LogSeverity.Debug && l.Message == "detail");
    }

    [Fact]
    public async Task A_gzip_message_is_accepted_and_answered_with_an_empty_response_and_status_0()
    {
        await using var ingest = new KestrelIngest(fixture.Redis.ConnectionString, grpc: true);
        var app = "otlpg-" + Guid.NewGuid().ToString("N")[..12];
        var message = OtlpHttpTests.Request(app, Message(Bytes(5, String(1, "zipped"))));
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(message);

        var (response, body, status) = await CallAsync(ingest, Frame(compressed.ToArray(), compressed: true), gzip: true);

        Assert.Equal(HttpStatusCode.OK, response);
        Assert.Equal("0", status);
        Assert.Equal([0, 0, 0, 0, 0], body); // one empty ExportLogsServiceResponse
        var logs = await Eventually.GetAsync(() => StreamLogs.OfApplicationAsync(fixture.Database, app), l => l.Count >= 1);
        Assert.Equal("zipped", Assert.Single(logs).Message);
    }

    public static TheoryData<byte[]> BadFrames => new()
    {
        new byte[] { 0, 0, 0 }, // shorter than the prefix
        new byte[] { 7, 0, 0, 0, 1, 0x0A }, // a compressed flag that is neither 0 nor 1
        Frame([0x0A, 0x02, 0x0A])[..^1], // truncated: fewer bytes than the length says
        new byte[] { 0, 0, 0, 0, 2, 0x0A, 0x00, 0, 0, 0, 0, 0 }, // a second message in a unary call
        Frame([0x0A, 0x05, 0x01]), // a frame around a body that is not OTLP (truncated protobuf)
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public async Task A_bad_frame_is_INVALID_ARGUMENT(byte[] frame)
    {
        await using var ingest = new KestrelIngest(fixture.Redis.ConnectionString, grpc: true);

        var (response, body, status) = await CallAsync(ingest, frame);

        Assert.Equal(HttpStatusCode.OK, response);
        Assert.Equal("3", status);
        Assert.Empty(body);
    }

    [Fact]
    public async Task A_length_over_the_body_limit_is_RESOURCE_EXHAUSTED()
    {
        await using var ingest = new KestrelIngest(fixture.Redis.ConnectionString, grpc: true);
        var frame = new byte[] { 0, 0x7F, 0xFF, 0xFF, 0xFF, 0x0A };

        var (_, _, status) = await CallAsync(ingest, frame);

        Assert.Equal("8", status);
    }

    [Fact]
    public async Task Without_a_valid_key_the_call_is_UNAUTHENTICATED_and_the_HTTP_port_does_not_serve_the_path()
    {
        await using var ingest = new KestrelIngest(fixture.Redis.ConnectionString, grpc: true);
        var frame = Frame(OtlpHttpTests.Request("nobody", Message(Bytes(5, String(1, "x")))));

        Assert.Equal("16", (await CallAsync(ingest, frame, key: null)).Status);
        Assert.Equal("16", (await CallAsync(ingest, frame, key: "wrong")).Status);

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(ingest.BaseAddress, ExportPath)) { Content = Content(frame, gzip: false) };
        request.Headers.Add("x-api-key", IngestApiFactory.ApiKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static byte[] Frame(byte[] message, bool compressed = false)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    private static ByteArrayContent Content(byte[] frame, bool gzip)
    {
        var content = new ByteArrayContent(frame);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        return content;
    }

    /// <summary>One unary call over HTTP/2 with prior knowledge; the status from the trailers, or the headers (trailers-only).</summary>
    private static async Task<(HttpStatusCode Response, byte[] Body, string? Status)> CallAsync(KestrelIngest ingest, byte[] frame, bool gzip = false,
        string? key = IngestApiFactory.ApiKey)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(ingest.GrpcAddress, ExportPath))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = Content(frame, gzip),
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (gzip) request.Headers.Add("grpc-encoding", "gzip");
        if (key is not null) request.Headers.Add("x-api-key", key);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
            : response.Headers.TryGetValues("grpc-status", out var header) ? header.Single() : null;
        return (response.StatusCode, body, status);
    }
}
