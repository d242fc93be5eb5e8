using System.Net;
using System.Text;
using LogPlatform.Contracts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ingest.Api.Tests.Integration;

/// <summary>Its own Redis, because it stops it.</summary>
public sealed class OutageTests : IAsyncLifetime
{
    private readonly TestRedis _redis = new();

    public Task InitializeAsync() => _redis.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private static StringContent Log(string message) => new($$"""{"message":"{{message}}"}""", Encoding.UTF8, "application/json");

    [Fact]
    public async Task With_redis_down_the_answer_is_503_never_2xx_and_ingest_recovers_when_it_is_back()
    {
        await using var factory = new IngestApiFactory(_redis.ConnectionString);
        using var client = factory.CreateAuthorizedClient();
        using (var before = await client.PostAsync("/logs", Log("before")))
        {
            Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);
        }

        await _redis.StopAsync();
        using var down = await Eventually.GetAsync(
            () => client.PostAsync("/logs", Log("during")),
            r => r.StatusCode == HttpStatusCode.ServiceUnavailable);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), down.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
        using (var stillDown = await client.PostAsync("/logs", Log("during")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, stillDown.StatusCode);
        }

        await _redis.StartAsync(); // same port and data (AOF)
        using var back = await Eventually.GetAsync(
            () => client.PostAsync("/logs", Log("after")),
            r => r.StatusCode == HttpStatusCode.Accepted,
            TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Accepted, back.StatusCode);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var payloads = (await connection.GetDatabase().StreamRangeAsync(RedisNames.IngestStream))
            .Select(e => e[StreamEntryFields.Payload].ToString()).ToArray();
        // What was accepted before the outage survived it; nothing sent during it is on the stream.
        Assert.Equal(2, payloads.Length);
        Assert.Contains("\"before\"", payloads[0]);
        Assert.Contains("\"after\"", payloads[1]);
    }

    [Fact]
    public void Without_an_api_key_the_service_refuses_to_start_unless_anonymous_is_allowed()
    {
        using var keyless = new KeylessFactory(_redis.ConnectionString, allowAnonymous: false);
        var error = Assert.Throws<OptionsValidationException>(() => keyless.CreateClient());
        Assert.Contains("Ingest:ApiKeys", error.Message);
        Assert.Contains("AllowAnonymous", error.Message);
    }

    [Fact]
    public async Task With_anonymous_allowed_no_key_is_needed()
    {
        await using var open = new KeylessFactory(_redis.ConnectionString, allowAnonymous: true);
        using var client = open.CreateClient();

        using var response = await client.PostAsync("/logs", Log("anonymous"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Keys_may_be_given_as_one_comma_separated_value()
    {
        await using var factory = new KeylessFactory(_redis.ConnectionString, allowAnonymous: false, keys: "first-key, second-key");
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/logs") { Content = Log("second") };
        request.Headers.Add("X-Api-Key", "second-key");
        using var anonymous = new HttpRequestMessage(HttpMethod.Post, "/logs") { Content = Log("anonymous") };

        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(anonymous)).StatusCode);
    }

    private sealed class KeylessFactory(string redis, bool allowAnonymous, string? keys = null) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:redis", redis);
            builder.UseSetting("Ingest:AllowAnonymous", allowAnonymous ? "true" : "false");
            if (keys is not null) builder.UseSetting("Ingest:ApiKeys", keys);
        }
    }
}
