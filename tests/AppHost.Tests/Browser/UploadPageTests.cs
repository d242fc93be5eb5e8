using System.Net.Http.Json;
using System.Text;
using AppHost.Tests.EndToEnd;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Browser;

/// <summary>The upload page in a real browser: a file goes through the dashboard's server to Ingest, progress to done, lines stored.</summary>
[Collection(PlatformCollection.Name)]
public sealed class UploadPageTests(PlatformFixture platform, BrowserFixture browser) : DashboardPageTest(platform, browser), IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_file_uploaded_from_thePage_shows_its_progress_to_done_and_its_lines_are_stored()
    {
        var application = "upload-" + Guid.NewGuid().ToString("N")[..8];
        const int Lines = 300;
        var file = new StringBuilder();
        for (var i = 0; i < Lines; i++)
        {
            file.Append("<").Append(i % 3 == 0 ? 11 : 14).Append(">Jun 14 15:16:01 web-").Append(i % 4).Append(' ').Append(application)
                .Append("[42]: request ").Append(i).Append(" served\n");
        }
        // The key never reaches the browser: nothing the page loads carries it.
        var responses = new List<IResponse>();
        Page.Response += (_, response) => responses.Add(response);

        await Page.GotoAsync("/upload");
        await Expect(Page.Locator("section.upload")).ToHaveAttributeAsync("data-ready", "true");
        await Page.GetByTestId("upload-format").SelectOptionAsync("rfc3164");
        await Page.GetByTestId("upload-file").SetInputFilesAsync(new FilePayload
        {
            Name = "web.log",
            MimeType = "text/plain",
            Buffer = Encoding.UTF8.GetBytes(file.ToString()),
        });
        await Page.GetByTestId("upload-start").ClickAsync();

        var progress = Page.GetByTestId("upload-progress");
        await Expect(progress).ToHaveAttributeAsync("data-state", "done");
        await Expect(Page.GetByTestId("upload-lines")).ToHaveTextAsync(Lines.ToString());
        await Expect(Page.GetByTestId("upload-accepted")).ToHaveTextAsync(Lines.ToString());
        await Expect(Page.GetByTestId("upload-unparsed")).ToHaveTextAsync("0");
        await Expect(Page.GetByTestId("upload-rejected")).ToHaveTextAsync("0");
        await Expect(progress.GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(Page.GetByTestId("upload-state")).ToContainTextAsync("web.log (rfc3164): done");

        Assert.Equal(Lines, await StoredCountAsync(application, Lines));
        foreach (var response in responses)
        {
            Assert.DoesNotContain(Platform.IngestApiKey, await BodyOrEmptyAsync(response));
        }
    }

    private static async Task<string> BodyOrEmptyAsync(IResponse response)
    {
        try
        {
            return await response.TextAsync();
        }
        catch (PlaywrightException)
        {
            return ""; // a redirect or a stream (the circuit) has no body to read
        }
    }

    /// <summary>The logs of the application stored in PostgreSQL (through the gateway's REST API), once there are <paramref name="expected"/>.</summary>
    private async Task<int> StoredCountAsync(string application, int expected)
    {
        using var gateway = Platform.App.CreateHttpClient("gateway");
        gateway.DefaultRequestHeaders.Authorization = new("Bearer", Platform.StreamToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var count = 0;
        while (!timeout.IsCancellationRequested)
        {
            var page = await gateway.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/logs?application={application}&limit=1000", timeout.Token);
            count = page.GetProperty("items").GetArrayLength();
            if (count >= expected) break;
            await Task.Delay(200, timeout.Token);
        }
        return count;
    }
}
