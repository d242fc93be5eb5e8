using LogPlatform.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Worker.Service.Tests.Integration;

[Collection(ServersCollection.Name)]
public sealed class ConsumerGroupTests(ServersFixture servers)
{
    [Fact]
    public async Task Consumers_of_stopped_workers_leave_the_group_once_their_entries_are_claimed_and_none_is_lost()
    {
        var application = "sweep-" + Guid.NewGuid().ToString("N")[..8];
        var db = servers.Redis.GetDatabase();
        try
        {
            await db.StreamCreateConsumerGroupAsync(RedisNames.IngestStream, RedisNames.WritersGroup, "$", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
        for (var i = 0; i < 6; i++) await servers.AddEntryAsync(ServersFixture.Logs(application, 10));
        // Two workers that are gone: one died holding two entries, one had stored everything it read.
        await db.StreamReadGroupAsync(RedisNames.IngestStream, RedisNames.WritersGroup, "crashed-holding-entries", ">", 2);
        var done = await db.StreamReadGroupAsync(RedisNames.IngestStream, RedisNames.WritersGroup, "stopped-cleanly", ">", 1);
        Assert.Single(done);
        // Its entry is stored by someone else later (as after a crash between commit and acknowledgement): leave it pending
        // with this consumer until the worker claims it too.

        await using var worker = servers.StartWorker(("Worker:ConsumerExpiry", "00:00:02"), ("Worker:HeartbeatInterval", "00:00:00.500"));
        var self = worker.Services.GetServices<IHostedService>().OfType<Worker.Service.Consuming.StreamConsumer>().Single().ConsumerName;

        await servers.WaitForRowsAsync(application, 60, TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        string[] names;
        do
        {
            await Task.Delay(200);
            names = (await db.StreamConsumerInfoAsync(RedisNames.IngestStream, RedisNames.WritersGroup)).Select(c => (string)c.Name!).ToArray();
        }
        while (!(names.Length == 1 && names[0] == self) && DateTime.UtcNow < deadline);

        Assert.Equal([self], names);
        Assert.Equal((60L, 60L), await servers.CountAsync(application));
        Assert.Equal(0, (await db.StreamPendingAsync(RedisNames.IngestStream, RedisNames.WritersGroup)).PendingMessageCount);
    }
}
