using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Syslog;

/// <summary>
/// The bounded in-process queue between the listeners (many writers) and the batcher (one reader). Full means the
/// batcher cannot keep up or Redis is down: TCP connections then wait to write (and stop reading), UDP drops.
/// </summary>
public sealed class SyslogQueue(IOptions<SyslogOptions> options)
{
    private readonly Channel<SyslogMessage> _channel = Channel.CreateBounded<SyslogMessage>(
        new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

    public ChannelReader<SyslogMessage> Reader => _channel.Reader;

    public ChannelWriter<SyslogMessage> Writer => _channel.Writer;
}
