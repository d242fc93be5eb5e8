using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Analysis.Service.Patterns;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Analysis.Service.Tests.Patterns;

public sealed class PatternPreviewApiTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    // The preview needs neither Redis nor PostgreSQL; the service's pipeline does, and keeps retrying these closed ports
    // (never reached: it only ever waits for a lease) while the preview is tested.
    private readonly HttpClient _client = factory.WithWebHostBuilder(web =>
    {
        web.UseSetting("ConnectionStrings:redis", "127.0.0.1:1,abortConnect=false");
        web.UseSetting("ConnectionStrings:logs", "Host=127.0.0.1;Port=1;Database=logs");
    }).CreateClient();

    [Fact]
    public async Task Answers_each_lines_pattern_and_the_patterns_with_counts()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/patterns/preview", new
        {
            lines = new[] { "Invalid user admin from 10.0.0.1", "Invalid user test from 10.0.0.2", "Connection closed by 10.0.0.3 [preauth]" },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), PatternsJsonContext.Default.PatternPreviewResponse)!;
        Assert.Equal(3, preview.Lines.Count);
        Assert.Equal(preview.Lines[0].PatternId, preview.Lines[1].PatternId);
        Assert.Equal("Invalid user <*> from <*>", preview.Lines[0].Template);
        Assert.Equal("Connection closed by <*> [preauth]", preview.Lines[2].Template);
        Assert.Equal([2L, 1L], preview.Patterns.Select(p => p.Count));
        Assert.Equal(preview.Lines[0].PatternId, preview.Patterns[0].Id);
    }

    [Fact]
    public async Task Rejects_more_lines_than_the_limit_naming_it()
    {
        var lines = Enumerable.Repeat("x", PatternPreviewApi.MaxLines + 1).ToArray();
        var response = await _client.PostAsJsonAsync("/api/v1/patterns/preview", new { lines });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("10000 lines", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Rejects_a_line_longer_than_the_limit_naming_it()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/patterns/preview", new { lines = new[] { "ok", new string('a', PatternPreviewApi.MaxLineBytes + 1) } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Line 1", body);
        Assert.Contains("64 KiB", body);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"lines\": 3}")]
    [InlineData("not json")]
    [InlineData("{\"lines\": [\"a\", null]}")]
    public async Task Rejects_a_body_that_is_not_a_list_of_lines(string body)
    {
        var response = await _client.PostAsync("/api/v1/patterns/preview", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
