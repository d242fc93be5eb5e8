using LogPlatform.Security;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Sources;

public static class SourcesServiceCollectionExtensions
{
    /// <summary>The operator-defined sources (options validated at start) and the admin key that guards them.</summary>
    public static IServiceCollection AddSources(this IServiceCollection services)
    {
        services.AddAdminKey();
        services.AddOptions<SourcesOptions>().BindConfiguration(SourcesOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SourcesOptions>, SourcesOptionsValidator>();
        services.AddSingleton<SourceRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<SourceRunner>());
        return services;
    }
}
