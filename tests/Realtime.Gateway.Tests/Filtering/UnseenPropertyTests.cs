using System.Net;
using System.Text.Json;
using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Filtering;

/// <summary>
/// A parameter that is neither an endpoint's own nor a property any stored log has had is a 400 naming it, on the REST
/// API and the streams; once a worker has recorded the name (the Redis set), the same request is a property filter.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class UnseenPropertyTests(GatewayFixture servers)
{
    [Theory]
    [InlineData("/api/v1/logs?{name}=42")]
    [InlineData("/api/v1/logs/export?{name}=42&format=text")]
    [InlineData("/api/v1/logs/job-runs/abc-123?{name}=42")]
    [InlineData("/sse/logs?level=error&{name}=42")]
    public async Task An_unseen_parameter_is_a_400_naming_it_until_a_stored_log_has_had_it(string template)
    {
        var name = "order_ref_" + Guid.NewGuid().ToString("N")[..8];
        var pathAndQuery = template.Replace("{name}", name);
        using var http = GatewayFixture.CreateClient(servers.Gateway);

        using (var refused = await http.GetAsync(pathAndQuery, HttpCompletionOption.ResponseHeadersRead))
        {
            var body = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{pathAndQuery}: {(int)refused.StatusCode} {body}");
            using var problem = JsonDocument.Parse(body);
            Assert.Equal(name, problem.RootElement.GetProperty("parameter").GetString());
            Assert.Contains($"'{name}'", problem.RootElement.GetProperty("detail").GetString());
        }

        // What the worker does when it stores a log with that property.
        await servers.Redis.GetDatabase().SetAddAsync(RedisNames.PropertyNames, name);
        using var accepted = await http.GetAsync(pathAndQuery, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task A_websocket_with_an_unseen_parameter_is_refused_before_it_opens()
    {
        var name = "order_ref_" + Guid.NewGuid().ToString("N")[..8];
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => GatewayFixture.ConnectAsync(servers.Gateway, $"/ws/logs?format=native&{name}=1"));
        Assert.Contains("400", refused.Message);

        await servers.Redis.GetDatabase().SetAddAsync(RedisNames.PropertyNames, name);
        await using var socket = await GatewayFixture.ConnectAsync(servers.Gateway, $"/ws/logs?format=native&{name}=1");
        await socket.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
    }

    [Theory]
    [InlineData("/api/v1/logs?job_run_id=never-stored-run")]
    [InlineData("/api/v1/logs?stream=stderr&task_run_id=x&task_name=build")]
    [InlineData("/sse/logs?job_run_id=never-stored-run")]
    public async Task The_names_job_run_viewers_rely_on_are_known_before_any_log_has_them(string pathAndQuery)
    {
        using var http = GatewayFixture.CreateClient(servers.Gateway);
        using var response = await http.GetAsync(pathAndQuery, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
