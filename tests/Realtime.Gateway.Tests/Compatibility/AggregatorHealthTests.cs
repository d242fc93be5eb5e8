using System.Net;
using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Compatibility;

/// <summary>
/// The log-aggregator write-up's troubleshooting step, <c>curl http://127.0.0.1:5000/health</c>, answered on the gateway in
/// its shape (status, api, redis, websocket_connections) on top of the health checks Aspire gates on; and its API page.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AggregatorHealthTests(GatewayFixture servers)
{
    [Fact]
    public async Task Health_says_healthy_online_redis_available_and_counts_the_websocket_clients()
    {
        await using var gateway = await servers.StartGatewayAsync();
        using var http = GatewayFixture.CreateClient(gateway, token: null);
        await using var first = await GatewayFixture.ConnectAsync(gateway, "/ws/logs?format=native");
        await using var second = await GatewayFixture.ConnectAsync(gateway, "/ws?format=native");
        await first.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        await second.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        using var authorized = GatewayFixture.CreateClient(gateway);
        using var sse = await SseStream.OpenAsync(authorized, "/sse/logs"); // not a WebSocket: not counted

        JsonElement health;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            using var response = await http.GetAsync("/health");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
            using (var document = JsonDocument.Parse(body)) health = document.RootElement.Clone();
            if (health.GetProperty("websocket_connections").GetInt32() == 2) break;
            if (limit.IsCancellationRequested) Assert.Fail($"health: {body}");
            await Task.Delay(50);
        }
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("online", health.GetProperty("api").GetString());
        Assert.Equal("available", health.GetProperty("redis").GetString());
        // The checks Aspire's client integrations registered are still reported, each by name.
        Assert.All(health.GetProperty("checks").EnumerateObject(), c => Assert.Equal("healthy", c.Value.GetProperty("status").GetString()));
        Assert.True(health.GetProperty("checks").EnumerateObject().Count() >= 3, health.GetRawText());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);

        await first.DisposeAsync();
        while (true)
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync("/health"));
            if (document.RootElement.GetProperty("websocket_connections").GetInt32() == 1) break;
            if (limit.IsCancellationRequested) Assert.Fail("the closed WebSocket is still counted");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task With_redis_down_health_is_a_503_saying_redis_unavailable_and_healthy_again_after()
    {
        await using var gateway = await servers.StartGatewayAsync();
        using var http = GatewayFixture.CreateClient(gateway, token: null);
        await servers.Servers.StopResourceAsync("redis");
        try
        {
            var (status, health) = await WaitForHealthAsync(http, (code, _) => code == HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unhealthy", health.GetProperty("status").GetString());
            Assert.Equal("unavailable", health.GetProperty("redis").GetString());
            Assert.Equal("online", health.GetProperty("api").GetString());
            Assert.Equal(0, health.GetProperty("websocket_connections").GetInt32());
        }
        finally
        {
            await servers.Servers.StartResourceAsync("redis");
        }
        var (_, again) = await WaitForHealthAsync(http, (code, body) => code == HttpStatusCode.OK);
        Assert.Equal("available", again.GetProperty("redis").GetString());
        // The shared gateway of the other tests relays again too.
        await WaitForHealthAsync(GatewayFixture.CreateClient(servers.Gateway, token: null), (code, _) => code == HttpStatusCode.OK);
    }

    private static async Task<(HttpStatusCode, JsonElement)> WaitForHealthAsync(HttpClient http, Func<HttpStatusCode, JsonElement, bool> expected)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await http.GetAsync("/health");
            var body = await response.Content.ReadAsStringAsync();
            using (var document = JsonDocument.Parse(body))
            {
                if (expected(response.StatusCode, document.RootElement)) return (response.StatusCode, document.RootElement.Clone());
            }
            if (limit.IsCancellationRequested) Assert.Fail($"health never became as expected: {(int)response.StatusCode} {body}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task The_api_page_lists_every_gateway_operation_without_external_scripts()
    {
        using var http = GatewayFixture.CreateClient(servers.Gateway, token: null);
        using var response = await http.GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        foreach (var path in new[] { "/ws/logs", "/sse/logs", "/api/v1/logs", "/api/v1/logs/job-runs/{jobRunId}", "/api/v1/logs/stream/status",
                     "/api/v1/streams/status", "/health", "/alive", "/api/docs" })
        {
            Assert.Contains($"<code>{WebUtility.HtmlEncode(path)}</code>", page);
        }
        Assert.Contains("href=\"/openapi/v1.json\"", page);
        Assert.DoesNotContain("<script", page);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org", ""));
    }
}
