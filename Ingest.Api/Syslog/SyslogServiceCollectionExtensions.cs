using Microsoft.Extensions.Options;

namespace Ingest.Api.Syslog;

public static class SyslogServiceCollectionExtensions
{
    /// <summary>The syslog listeners (off unless <c>Ingest:Syslog:TcpPort</c> / <c>UdpPort</c> is set), their queue and batcher.</summary>
    public static IServiceCollection AddSyslogListeners(this IServiceCollection services)
    {
        services.AddOptions<SyslogOptions>().BindConfiguration(SyslogOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SyslogOptions>, SyslogOptionsValidator>();
        services.AddSingleton<SyslogQueue>();
        services.AddSingleton<SyslogTelemetry>();
        // The batcher first: hosted services stop in reverse order, so the listeners stop before it drains the queue.
        services.AddHostedService<SyslogBatcher>();
        services.AddSingleton<SyslogTcpListener>();
        services.AddHostedService(sp => sp.GetRequiredService<SyslogTcpListener>());
        services.AddSingleton<SyslogUdpListener>();
        services.AddHostedService(sp => sp.GetRequiredService<SyslogUdpListener>());
        return services;
    }
}
