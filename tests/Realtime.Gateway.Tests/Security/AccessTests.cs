using System.Net;
using System.Net.Http.Headers;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Security;

[Collection(GatewayCollection.Name)]
public sealed class AccessTests(GatewayFixture servers)
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    [InlineData("test-token-but-longer")]
    public async Task A_WebSocket_without_the_right_token_is_refused_with_401(string? token)
    {
        var path = token is null ? "/ws/logs?format=native" : $"/ws/logs?format=native&access_token={token}";
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => GatewayFixture.ConnectAsync(servers.Gateway, path, token: null));
        Assert.Contains("401", refused.Message);
    }

    [Fact]
    public async Task A_WebSocket_from_an_origin_not_on_the_allow_list_is_refused_with_403()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => GatewayFixture.ConnectAsync(servers.Gateway, "/ws/logs?format=native", origin: "http://evil.test"));
        Assert.Contains("403", refused.Message);

        // The listed origin (trailing slash or not) and no Origin at all (not a browser) connect.
        foreach (var origin in new[] { GatewayFixture.AllowedOrigin, GatewayFixture.AllowedOrigin + "/", null })
        {
            await using var socket = await GatewayFixture.ConnectAsync(servers.Gateway, "/ws/logs?format=native", origin: origin);
            await socket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        }
    }

    [Fact]
    public async Task The_token_works_in_the_query_and_as_a_bearer_header_and_nothing_else_opens()
    {
        using var anonymous = GatewayFixture.CreateClient(servers.Gateway, token: null);
        foreach (var path in new[] { "/api/v1/logs/stream/status", "/api/v1/logs", "/sse/logs", "/api/v1/stats/history" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path + "?access_token=nope")).StatusCode);
            using var wrongBearer = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "nope") } };
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(wrongBearer)).StatusCode);
            using var basic = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Basic", GatewayFixture.Token) } };
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(basic)).StatusCode);
        }

        var problem = await anonymous.GetAsync("/api/v1/logs");
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/logs/stream/status?access_token={GatewayFixture.Token}")).StatusCode);
        using var bearer = GatewayFixture.CreateClient(servers.Gateway);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/v1/logs/stream/status")).StatusCode);

        // WebSocket: the query token (what browsers use) and a Bearer header (other clients) both connect.
        await using var socket = await GatewayFixture.ConnectAsync(servers.Gateway, $"/ws/logs?format=native&access_token={GatewayFixture.Token}", token: null);
        await socket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        await using var bearerSocket = await ConnectWithAuthorizationAsync($"Bearer {GatewayFixture.Token}");
        await bearerSocket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => ConnectWithAuthorizationAsync("Bearer nope"));
        Assert.Contains("401", refused.Message);
    }

    private async Task<LiveSocket> ConnectWithAuthorizationAsync(string authorization)
    {
        var client = servers.Gateway.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Authorization = authorization;
        using var timeout = new CancellationTokenSource(LiveSocket.DefaultTimeout);
        return new LiveSocket(await client.ConnectAsync(new Uri("ws://localhost/ws/logs?format=native"), timeout.Token));
    }
}
