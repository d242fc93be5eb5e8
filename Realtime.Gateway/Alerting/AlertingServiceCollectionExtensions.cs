using LogPlatform.Security;

namespace Realtime.Gateway.Alerting;

public static class AlertingServiceCollectionExtensions
{
    /// <summary>The alerting API's services: the admin key that guards every change (configuration <c>Admin:Key</c>).</summary>
    public static IHostApplicationBuilder AddAlerting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAdminKey();
        return builder;
    }
}
