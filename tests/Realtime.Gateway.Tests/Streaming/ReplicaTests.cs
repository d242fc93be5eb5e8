using LogPlatform.Contracts;
using Realtime.Gateway.Tests.Servers;

namespace Realtime.Gateway.Tests.Streaming;

[Collection(GatewayCollection.Name)]
public sealed class ReplicaTests(GatewayFixture servers)
{
    [Fact]
    public async Task Two_gateway_replicas_each_deliver_a_published_log_to_their_own_clients()
    {
        await using var second = await servers.StartGatewayAsync();
        var application = TestLogs.NewApplication("replicas");
        await using var onFirst = await GatewayFixture.ConnectAsync(servers.Gateway, $"/ws/logs?format=native&application={application}");
        await using var onSecond = await GatewayFixture.ConnectAsync(second, $"/ws/logs?format=native&application={application}");
        await onFirst.ExpectAsync(EnvelopeTypes.ConnectionEstablished);
        await onSecond.ExpectAsync(EnvelopeTypes.ConnectionEstablished);

        var published = await servers.StoreAndPublishAsync(TestLogs.Many(application, 3, "to both"));

        foreach (var socket in new[] { onFirst, onSecond })
        {
            Assert.Equal(published.Select(l => l.Id), (await socket.LogsUntilAsync(l => l.Id == published[^1].Id)).Select(l => l.Id));
        }
    }
}
