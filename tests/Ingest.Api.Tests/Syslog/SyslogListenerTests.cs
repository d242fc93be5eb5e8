using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Ingest.Api.Tests.Formats;
using Ingest.Api.Tests.Integration;
using LogPlatform.Contracts;

namespace Ingest.Api.Tests.Syslog;

/// <summary>The listeners in the ingest host, fed by util-linux <c>logger</c> and raw sockets, checked on the Redis stream.</summary>
[Collection(SyslogCollection.Name)]
public sealed class SyslogListenerTests(SyslogFixture fixture)
{
    private static string NewTag() => "sl-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<LogEvent[]> LogsOf(string application, int expected)
    {
        var logs = await Eventually.GetAsync(async () =>
        {
            var entries = await fixture.Database.StreamRangeAsync(RedisNames.IngestStream);
            return entries
                .SelectMany(e => JsonSerializer.Deserialize((byte[])e[StreamEntryFields.Payload]!, ContractsJsonContext.Default.LogEventArray)!)
                .Where(l => l.Application == application || l.Message.Contains(application, StringComparison.Ordinal))
                .ToArray();
        }, l => l.Length >= expected);
        return logs;
    }

    private static async Task Logger(params string[] arguments)
    {
        var start = new ProcessStartInfo("logger") { RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"logger failed: {error}");
    }

    [Fact]
    public async Task Logger_over_tcp_with_octet_counting_rfc5424_lands_with_host_tag_severity_and_structured_data()
    {
        var tag = NewTag();
        await Logger("--server", "127.0.0.1", "--port", fixture.TcpPort.ToString(), "--tcp", "--rfc5424", "--octet-count",
            "-t", tag, "-p", "local0.err", "--sd-id", "order@32473", "--sd-param", "id=\"42\"", "--sd-param", "shop=\"b\\\"d\"",
            "payment declined");
        await Logger("--server", "127.0.0.1", "--port", fixture.TcpPort.ToString(), "--tcp", "--rfc5424", "--octet-count",
            "-t", tag, "-p", "daemon.debug", "second\nline of the same message");

        var logs = await LogsOf(tag, 2);

        Assert.Equal(2, logs.Length);
        var declined = logs.Single(l => l.Message == "payment declined");
        Assert.Equal(Environment.MachineName, declined.Source);
        Assert.Equal(LogSeverity.Error, declined.Level);
        Assert.Equal("rfc5424", declined.Property("format"));
        Assert.Equal("42", declined.Property("sd.order@32473.id"));
        Assert.Equal("b\"d", declined.Property("sd.order@32473.shop"));
        Assert.Equal("local0", declined.Property("facility"));
        Assert.Equal(LogSeverity.Debug, logs.Single(l => l != declined).Level);
    }

    [Fact]
    public async Task Logger_over_tcp_with_newline_framing_lands_one_log_per_message()
    {
        var tag = NewTag();
        await Logger("--server", "127.0.0.1", "--port", fixture.TcpPort.ToString(), "--tcp", "--rfc5424", "-t", tag, "-p", "user.warning",
            "first over newline framing");
        await Logger("--server", "127.0.0.1", "--port", fixture.TcpPort.ToString(), "--tcp", "--rfc3164", "-t", tag, "-p", "auth.info",
            "second, rfc3164");

        var logs = await LogsOf(tag, 2);

        Assert.Equal(["first over newline framing", "second, rfc3164"], logs.Select(l => l.Message).Order());
        Assert.All(logs, l => Assert.Equal(Environment.MachineName, l.Source));
        Assert.Equal(LogSeverity.Warn, logs.Single(l => l.Message.StartsWith("first", StringComparison.Ordinal)).Level);
        Assert.Equal("rfc3164", logs.Single(l => l.Message.StartsWith("second", StringComparison.Ordinal)).Property("format"));
    }

    [Fact]
    public async Task Logger_over_udp_with_rfc3164_lands_with_host_tag_and_severity()
    {
        var tag = NewTag();
        await Logger("--server", "127.0.0.1", "--port", fixture.UdpPort.ToString(), "--udp", "--rfc3164", "-t", tag, "-p", "kern.crit",
            "disk on fire");
        await Logger("--server", "127.0.0.1", "--port", fixture.UdpPort.ToString(), "--udp", "--rfc3164", "-t", tag, "-p", "mail.notice",
            "mail sent");

        var logs = await LogsOf(tag, 2);

        Assert.Equal(2, logs.Length);
        var fire = logs.Single(l => l.Message == "disk on fire");
        Assert.Equal(Environment.MachineName, fire.Source);
        Assert.Equal(tag, fire.Application);
        Assert.Equal(LogSeverity.Fatal, fire.Level);
        Assert.Equal("rfc3164", fire.Property("format"));
        Assert.Equal(LogSeverity.Info, logs.Single(l => l != fire).Level);
    }

    [Fact]
    public async Task Many_messages_on_one_connection_are_batched_into_few_stream_entries()
    {
        var tag = NewTag();
        var before = await fixture.Database.StreamLengthAsync(RedisNames.IngestStream);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, fixture.TcpPort);
            var text = new StringBuilder();
            for (var i = 0; i < 2000; i++) text.Append("<14>Jun 14 15:16:01 web-1 ").Append(tag).Append("[7]: message ").Append(i).Append('\n');
            await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(text.ToString()));
        }

        var logs = await LogsOf(tag, 2000);
        var entries = await fixture.Database.StreamLengthAsync(RedisNames.IngestStream) - before;

        Assert.Equal(2000, logs.Length);
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => $"message {i}"), logs.Select(l => l.Message));
        Assert.Equal("web-1", logs[0].Source);
        Assert.Equal("7", logs[0].Property("pid"));
        Assert.InRange(entries, 2, 40); // 500 per batch at most, never one per message
    }

    [Fact]
    public async Task An_oversized_and_an_unparseable_message_are_dead_lettered_and_stored_flagged()
    {
        var tag = NewTag();
        var rejectedBefore = (long?)await fixture.Database.StringGetAsync(RedisNames.Counters.Rejected) ?? 0;
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, fixture.TcpPort);
            var big = "<13>1 - h " + tag + " - - - " + new string('z', 5000);
            var frames = $"{Encoding.UTF8.GetByteCount(big)} {big}" + $"{11 + tag.Length} not syslog {tag}";
            await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(frames));
        }

        var logs = await LogsOf(tag, 1);
        var rejected = await Eventually.GetAsync(
            async () => ((long?)await fixture.Database.StringGetAsync(RedisNames.Counters.Rejected) ?? 0) - rejectedBefore, r => r >= 1);
        var dead = (await fixture.Database.ListRangeAsync(RedisNames.DeadLetterList, 0, 50)).Select(v => v.ToString()).ToArray();

        var unparsed = Assert.Single(logs);
        Assert.Equal($"not syslog {tag}", unparsed.Message);
        Assert.Equal("unparsed", unparsed.Property("format"));
        Assert.NotNull(unparsed.Property("parse_error"));
        Assert.Equal(1, rejected);
        Assert.Contains(dead, d => d.Contains(tag, StringComparison.Ordinal) && d.Contains("MaxMessageBytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connections_over_the_limit_are_closed_and_idle_ones_are_closed_after_the_timeout()
    {
        var open = new List<TcpClient>();
        try
        {
            for (var i = 0; i < SyslogFixture.MaxConnections; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, fixture.TcpPort);
                open.Add(client);
            }
            await Task.Delay(300); // let the listener accept them
            using var extra = new TcpClient();
            await extra.ConnectAsync(IPAddress.Loopback, fixture.TcpPort);

            Assert.True(await ClosedWithin(extra, TimeSpan.FromSeconds(2)), "the connection over the limit stays open");
            var watch = Stopwatch.StartNew();
            Assert.True(await ClosedWithin(open[0], SyslogFixture.IdleTimeout + TimeSpan.FromSeconds(5)), "an idle connection stays open");
            Assert.InRange(watch.Elapsed, SyslogFixture.IdleTimeout - TimeSpan.FromSeconds(1.5), SyslogFixture.IdleTimeout + TimeSpan.FromSeconds(5));
        }
        finally
        {
            foreach (var client in open) client.Dispose();
        }
    }

    private static async Task<bool> ClosedWithin(TcpClient client, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            var read = await client.GetStream().ReadAsync(new byte[16], timeout.Token);
            return read == 0;
        }
        catch (IOException)
        {
            return true; // reset
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
