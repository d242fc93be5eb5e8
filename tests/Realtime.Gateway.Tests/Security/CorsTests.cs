using System.Net;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Security;

/// <summary>Browser pages of an allowed origin call the REST API and SSE; the same allow-list as the WebSocket origins.</summary>
[Collection(GatewayCollection.Name)]
public sealed class CorsTests(GatewayFixture servers)
{
    public static TheoryData<string, string> AllowedOrigins => new()
    {
        { "/api/v1/logs", GatewayFixture.AllowedOrigin },
        { "/api/v1/logs", GatewayFixture.DevelopmentOrigin },
        { "/api/v1/logs", "http://127.0.0.1:5173" },
        { "/api/v1/logs", "http://[::1]:5173" },
        { "/sse/logs", "http://127.0.0.1:5173" },
        { "/api/v1/logs/export", GatewayFixture.AllowedOrigin },
        { "/api/v1/logs/stream/status", GatewayFixture.AllowedOrigin },
        { "/api/v1/stats/history", GatewayFixture.AllowedOrigin },
        { "/api/v1/system-alerts", GatewayFixture.AllowedOrigin },
    };

    [Theory]
    [MemberData(nameof(AllowedOrigins))]
    public async Task A_preflight_from_an_allowed_origin_is_answered_without_a_token(string path, string origin)
    {
        using var http = GatewayFixture.CreateClient(servers.Gateway, token: null);
        using var response = await http.SendAsync(Preflight(path, origin));

        Assert.True(response.IsSuccessStatusCode, $"{path} from {origin}: {(int)response.StatusCode}");
        Assert.Equal(origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("GET", Header(response, "Access-Control-Allow-Methods"));
        var headers = Header(response, "Access-Control-Allow-Headers")!.Split(',', StringSplitOptions.TrimEntries);
        Assert.Contains("authorization", headers, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("last-event-id", headers, StringComparer.OrdinalIgnoreCase);
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData(GatewayFixture.AllowedOrigin)]
    [InlineData("http://127.0.0.1:5173")]
    public async Task The_actual_request_from_an_allowed_origin_may_be_read_by_the_page(string origin)
    {
        var application = TestLogs.NewApplication("cors");
        await servers.StoreAsync(TestLogs.Log(application, "seen from the browser"));
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        using var search = await http.SendAsync(WithOrigin(new(HttpMethod.Get, $"/api/v1/logs?application={application}"), origin));
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(origin, Header(search, "Access-Control-Allow-Origin"));
        Assert.Contains("seen from the browser", await search.Content.ReadAsStringAsync());

        using var export = await http.SendAsync(WithOrigin(new(HttpMethod.Get, $"/api/v1/logs/export?application={application}"), origin));
        Assert.Equal(origin, Header(export, "Access-Control-Allow-Origin"));
        Assert.Contains("content-disposition", Header(export, "Access-Control-Expose-Headers")!, StringComparison.OrdinalIgnoreCase);

        // An error is readable too: the page can show the problem instead of an opaque network error.
        using var refused = await http.SendAsync(WithOrigin(new(HttpMethod.Get, "/api/v1/logs?offset=0"), origin));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(origin, Header(refused, "Access-Control-Allow-Origin"));

        // SSE with the token in the query, as EventSource sends it.
        using var anonymous = GatewayFixture.CreateClient(servers.Gateway, token: null);
        var sseRequest = WithOrigin(new(HttpMethod.Get, $"/sse/logs?application={application}&history=1&access_token={GatewayFixture.Token}"), origin);
        using var sse = await anonymous.SendAsync(sseRequest, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, sse.StatusCode);
        Assert.Equal(origin, Header(sse, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("http://evil.test")]
    [InlineData("http://allowed.test.evil.test")]
    [InlineData("https://allowed.test")]
    [InlineData("http://localhost:5174")]
    [InlineData("http://127.0.0.2.evil.test:5173")]
    [InlineData("null")]
    public async Task A_refused_origin_gets_no_cors_headers(string origin)
    {
        using var anonymous = GatewayFixture.CreateClient(servers.Gateway, token: null);
        using var preflight = await anonymous.SendAsync(Preflight("/api/v1/logs", origin));
        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Null(Header(preflight, "Access-Control-Allow-Headers"));

        using var http = GatewayFixture.CreateClient(servers.Gateway);
        using var actual = await http.SendAsync(WithOrigin(new(HttpMethod.Get, "/api/v1/logs?limit=1"), origin));
        Assert.Null(Header(actual, "Access-Control-Allow-Origin"));
        Assert.Null(Header(actual, "Access-Control-Expose-Headers"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5173")]
    [InlineData("http://[::1]:5173")]
    [InlineData("http://LOCALHOST:5173/")]
    public async Task The_websocket_origin_check_uses_the_same_allow_list(string origin)
    {
        await using var socket = await GatewayFixture.ConnectAsync(servers.Gateway, "/ws/logs?format=native", origin: origin);
        await socket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => GatewayFixture.ConnectAsync(servers.Gateway, "/ws/logs?format=native", origin: "http://127.0.0.1:5174"));
        Assert.Contains("403", refused.Message);
    }

    private static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = WithOrigin(new HttpRequestMessage(HttpMethod.Options, path), origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,last-event-id");
        return request;
    }

    private static HttpRequestMessage WithOrigin(HttpRequestMessage request, string origin)
    {
        request.Headers.Add("Origin", origin);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;
}
