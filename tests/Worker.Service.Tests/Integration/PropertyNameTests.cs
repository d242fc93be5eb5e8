using System.Text.Json;
using LogPlatform.Contracts;

namespace Worker.Service.Tests.Integration;

/// <summary>The names of stored logs' top-level properties end in the Redis set the gateway checks filters against.</summary>
[Collection(ServersCollection.Name)]
public sealed class PropertyNameTests(ServersFixture servers)
{
    [Fact]
    public async Task Stored_logs_top_level_property_names_are_recorded_once_and_nested_ones_are_not()
    {
        var application = "names-" + Guid.NewGuid().ToString("N")[..8];
        var (first, second, nested) = ($"order_{application[6..]}", $"tenant.{application[6..]}", $"inner_{application[6..]}");
        var logs = ServersFixture.Logs(application, 3);
        logs[0] = logs[0] with { Properties = Json($$$"""{"{{{first}}}":"A-1","outer":{"{{{nested}}}":1}}""") };
        logs[2] = logs[2] with { Properties = Json($$"""{"{{first}}":"A-2","{{second}}":[1,2]}""") };
        await servers.AddEntryAsync(logs);

        await using (servers.StartWorker())
        {
            await servers.WaitForRowsAsync(application, 3, TimeSpan.FromSeconds(30));
            var database = servers.Redis.GetDatabase();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (!(await database.SetContainsAsync(RedisNames.PropertyNames, first) && await database.SetContainsAsync(RedisNames.PropertyNames, second)))
            {
                if (limit.IsCancellationRequested) Assert.Fail($"{first} and {second} were never recorded");
                await Task.Delay(50);
            }
            Assert.True(await database.SetContainsAsync(RedisNames.PropertyNames, "outer"));
            Assert.False(await database.SetContainsAsync(RedisNames.PropertyNames, nested));
            Assert.InRange(await database.SetLengthAsync(RedisNames.PropertyNames), 3, RedisNames.MaxPropertyNames);
        }
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
