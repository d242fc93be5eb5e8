using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LogPlatform.Security;

public static class AdminKeyExtensions
{
    /// <summary>The admin key (section <c>Admin</c>) and its filter; safe to call from every feature that has operator actions.</summary>
    public static IServiceCollection AddAdminKey(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName);
        services.TryAddSingleton<AdminKeyFilter>();
        return services;
    }

    /// <summary>These endpoints answer 401 problem details unless <c>X-Admin-Key</c> carries the admin key.</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter<TBuilder, AdminKeyFilter>();
}
