using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using LogPlatform.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Ingest.Api.Tests.Integration;

[Collection(IngestCollection.Name)]
public sealed class TelemetryTests(IngestFixture fixture)
{
    [Fact]
    public async Task Accepted_and_rejected_logs_and_request_sizes_are_measured()
    {
        // Only this app's meters: IMeterFactory scopes them, other tests' apps run in the same process.
        var meterFactory = fixture.Factory.Services.GetRequiredService<IMeterFactory>();
        var measured = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TelemetryNames.Ingest && instrument.Meter.Scope == meterFactory) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (measured) measured[instrument.Name] = measured.GetValueOrDefault(instrument.Name) + value;
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            lock (measured) measured[instrument.Name] = measured.GetValueOrDefault(instrument.Name) + value;
        });
        listener.Start();
        using var client = fixture.Factory.CreateAuthorizedClient();
        const string good = """[{"message":"a"},{"message":"b"},{"message":"c"}]""";
        const string bad = """[{"message":"a"},{"message":""},{"level":"x"}]""";

        using var accepted = await client.PostAsync("/logs", new StringContent(good, Encoding.UTF8, "application/json"));
        using var rejected = await client.PostAsync("/logs", new StringContent(bad, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        lock (measured)
        {
            Assert.Equal(3, measured["logplatform.ingest.logs.accepted"]);
            Assert.Equal(2, measured["logplatform.ingest.logs.rejected"]);
            Assert.Equal(Encoding.UTF8.GetByteCount(good) + Encoding.UTF8.GetByteCount(bad), measured["logplatform.ingest.request.size"]);
            Assert.Equal(3, measured["logplatform.ingest.request.logs"]);
        }
    }
}
