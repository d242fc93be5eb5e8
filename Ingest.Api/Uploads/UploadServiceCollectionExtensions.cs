namespace Ingest.Api.Uploads;

public static class UploadServiceCollectionExtensions
{
    /// <summary>Log file uploads: options (validated at start), the in-memory job store, the runner, the handler.</summary>
    public static IServiceCollection AddUploads(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UploadJobStore>();
        services.AddSingleton<UploadRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<UploadRunner>());
        services.AddSingleton<UploadHandler>();
        return services;
    }
}
