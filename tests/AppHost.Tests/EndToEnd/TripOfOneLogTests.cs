using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace AppHost.Tests.EndToEnd;

/// <summary>One log's whole trip: HTTP -> ingest -> Redis Stream -> worker -> PostgreSQL -> pub/sub -> gateway -> WebSocket.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TripOfOneLogTests(PlatformFixture platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_posted_log_reaches_a_live_websocket_client_and_postgres_with_the_same_fields_and_stats_count_it()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var ct = timeout.Token;
        var application = "trip-" + Guid.NewGuid().ToString("N")[..8];
        var gateway = platform.App.GetEndpoint("gateway");

        using var logs = new ClientWebSocket();
        await logs.ConnectAsync(new Uri($"ws://{gateway.Authority}/ws/logs?format=native&access_token={platform.StreamToken}&application={application}"), ct);
        Assert.Equal("connection_established", (await GatewaySocket.ReceiveAsync(logs, ct)).GetProperty("type").GetString());

        using var stats = new ClientWebSocket();
        await stats.ConnectAsync(new Uri($"ws://{gateway.Authority}/ws/stats?format=native&access_token={platform.StreamToken}"), ct);
        var storedBefore = await NextStoredTotalAsync(stats, ct);

        using var ingest = platform.App.CreateHttpClient("ingest");
        ingest.DefaultRequestHeaders.Add("X-Api-Key", platform.IngestApiKey);
        // The caller's trace: the log joins it, and so do the ingest, worker and gateway spans.
        var callerTrace = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        ingest.DefaultRequestHeaders.Add("traceparent", $"00-{callerTrace}-b7ad6b7169203331-01");
        var response = await ingest.PostAsJsonAsync("/logs", new
        {
            timestamp = "2026-11-25T08:30:00Z",
            level = "warning",
            source = "checkout",
            application,
            message = "payment declined for order A-1001",
            properties = new { order_id = "A-1001", attempt = 2 },
        }, ct);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);

        // Live: the batch envelope carries the stored log with its database id.
        JsonElement live;
        do live = await GatewaySocket.ReceiveAsync(logs, ct);
        while (live.GetProperty("type").GetString() != "logs");
        var log = Assert.Single(live.GetProperty("data").EnumerateArray());
        var id = log.GetProperty("id").GetInt64();
        Assert.True(id > 0);
        Assert.Equal("warn", log.GetProperty("level").GetString());
        Assert.Equal("payment declined for order A-1001", log.GetProperty("message").GetString());
        Assert.Equal(application, log.GetProperty("application").GetString());
        Assert.Equal(callerTrace, log.GetProperty("trace_id").GetString());

        // Stored: the same fields in PostgreSQL.
        await using (var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync("logs")))
        {
            await connection.OpenAsync(ct);
            await using var query = new NpgsqlCommand(
                "SELECT \"timestamp\", level, message, source, application, properties::text, trace_id FROM logs WHERE id = @id", connection);
            query.Parameters.AddWithValue("id", id);
            await using var row = await query.ExecuteReaderAsync(ct);
            Assert.True(await row.ReadAsync(ct));
            Assert.Equal(new DateTime(2026, 11, 25, 8, 30, 0, DateTimeKind.Utc), row.GetDateTime(0));
            Assert.Equal(3, row.GetInt16(1));
            Assert.Equal("payment declined for order A-1001", row.GetString(2));
            Assert.Equal("checkout", row.GetString(3));
            Assert.Equal(application, row.GetString(4));
            using var properties = JsonDocument.Parse(row.GetString(5));
            Assert.Equal("A-1001", properties.RootElement.GetProperty("order_id").GetString());
            Assert.Equal(2, properties.RootElement.GetProperty("attempt").GetInt32());
            Assert.Equal(callerTrace, row.GetString(6));
            Assert.False(await row.ReadAsync(ct));
        }

        // Stats: the stored total moves.
        long storedNow;
        do storedNow = await NextStoredTotalAsync(stats, ct);
        while (storedNow < storedBefore + 1);
    }

    private static async Task<long> NextStoredTotalAsync(ClientWebSocket stats, CancellationToken ct)
    {
        while (true)
        {
            var message = await GatewaySocket.ReceiveAsync(stats, ct);
            if (message.GetProperty("type").GetString() == "stats_update") return message.GetProperty("data").GetProperty("total_messages").GetInt64();
        }
    }
}
