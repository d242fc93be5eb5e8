using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ingest.Api.Tests.Integration;

/// <summary>Ingest.Api in-process, pointed at a real Redis, with settings a test can change.</summary>
public sealed class IngestApiFactory(string redisConnectionString, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-ingest-key";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // UseSetting (not ConfigureAppConfiguration): Program reads the connection string before Build().
        builder.UseSetting("ConnectionStrings:redis", redisConnectionString);
        builder.UseSetting("Ingest:ApiKeys:0", ApiKey);
        builder.UseSetting("Ingest:BacklogSampleInterval", "00:00:00.050");
        builder.UseSetting("Ingest:HighWaterMark", "1000000000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
    }

    public HttpClient CreateAuthorizedClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }
}
