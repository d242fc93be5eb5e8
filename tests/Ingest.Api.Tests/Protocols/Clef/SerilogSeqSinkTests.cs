using Ingest.Api.Tests.Formats;
using Ingest.Api.Tests.Integration;
using LogPlatform.Contracts;
using Serilog;
using Serilog.Core;
using SerilogEvent = Serilog.Events.LogEvent;

namespace Ingest.Api.Tests.Protocols.Clef;

/// <summary>The real client: Serilog with Serilog.Sinks.Seq posting to the in-process ingest's <c>/api/events/raw</c>.</summary>
/// <remarks>
/// Scalars that JSON carries as strings (Guid, DateTime without a format) render quoted, as Seq renders them: CLEF does not say
/// they were not strings. With a format (<c>{At:yyyy-MM-dd}</c>) the sink's own rendering (<c>@r</c>) is used.
/// </remarks>
[Collection(IngestCollection.Name)]
public sealed class SerilogSeqSinkTests(IngestFixture fixture)
{
    private sealed class Collected : ILogEventSink
    {
        public List<SerilogEvent> Events { get; } = [];
        public void Emit(SerilogEvent logEvent) => Events.Add(logEvent);
    }

    private sealed record Order(int Id, decimal Total, string[] Items);

    [Fact]
    public async Task Events_logged_through_the_Seq_sink_land_on_the_stream_rendered_as_Serilog_renders_them()
    {
        var app = "clef-" + Guid.NewGuid().ToString("N")[..12];
        var collected = new Collected();
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Enrich.WithProperty("Application", app)
            .Enrich.WithProperty("MachineName", "web-07")
            .WriteTo.Sink(collected)
            .WriteTo.Seq("http://localhost", apiKey: IngestApiFactory.ApiKey, messageHandler: fixture.Factory.Server.CreateHandler(),
                period: TimeSpan.FromMilliseconds(50))
            .CreateLogger();

        logger.Verbose("Polling {Queue} every {Interval} ms", "orders", 250);
        logger.Debug("Cache {Hit,-5}|{Size,8:N0}| done", true, 1234567);
        logger.Information("Order {OrderId} paid {Amount:N2} by {Customer} at {At:yyyy-MM-dd}", 42, 1234.5m, "Ana \"A\" Lee",
            new DateTime(2025, 11, 11, 16, 0, 0, DateTimeKind.Utc));
        logger.Warning("Placed {@Order} from {$Source} with {Tags} {{literal}} {Missing}", new Order(7, 9.99m, ["a", "b"]), new Uri("https://shop/x"),
            new[] { 1, 2, 3 });
        logger.Error(new InvalidOperationException("boom"), "Payment {PaymentId} failed for {Customer:l}", 9001, "bob");
        logger.Fatal("Übergröße {Name} {Ratio}", "größe", 0.125);
        await logger.DisposeAsync();

        var logs = await Eventually.GetAsync(() => StreamLogs.OfApplicationAsync(fixture.Database, app), l => l.Count >= collected.Events.Count);

        Assert.Equal(collected.Events.Select(e => e.RenderMessage()), logs.Select(l => l.Message));
        Assert.Equal([LogSeverity.Trace, LogSeverity.Debug, LogSeverity.Info, LogSeverity.Warn, LogSeverity.Error, LogSeverity.Fatal],
            logs.Select(l => l.Level));
        Assert.All(logs, l => Assert.Equal("web-07", l.Source));
        Assert.All(logs, l => Assert.Equal("clef", l.Property("ingest_protocol")));
        Assert.Equal(collected.Events.Select(e => e.MessageTemplate.Text), logs.Select(l => l.Property("message_template")));
        Assert.Equal(collected.Events.Select(e => e.Timestamp.ToUniversalTime()), logs.Select(l => l.Timestamp));

        var paid = logs[2];
        Assert.Equal("42", paid.Property("OrderId"));
        Assert.Equal("1234.5", paid.Property("Amount"));
        Assert.Equal("Ana \"A\" Lee", paid.Property("Customer"));
        var placed = logs[3];
        Assert.Contains("\"Total\":9.99", placed.Property("Order"));
        var failed = logs[4];
        Assert.StartsWith("System.InvalidOperationException: boom", failed.Property("exception"));
        Assert.Null(logs[0].Property("exception"));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_the_sink_keeps_nothing_on_the_stream()
    {
        var app = "clef-" + Guid.NewGuid().ToString("N")[..12];
        var logger = new LoggerConfiguration()
            .Enrich.WithProperty("Application", app)
            .WriteTo.Seq("http://localhost", apiKey: "wrong", messageHandler: fixture.Factory.Server.CreateHandler())
            .CreateLogger();
        logger.Information("never stored");
        await logger.DisposeAsync();

        Assert.Empty(await StreamLogs.OfApplicationAsync(fixture.Database, app));
    }
}
