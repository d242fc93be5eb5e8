using Microsoft.Extensions.Options;

namespace Ingest.Api.Formats;

public static class TextFormatServiceCollectionExtensions
{
    /// <summary>The text formats: options (validated at start), the registry of formats, the parser and writer.</summary>
    public static IServiceCollection AddTextFormats(this IServiceCollection services)
    {
        services.AddOptions<TextFormatOptions>().BindConfiguration(TextFormatOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CustomFormatsOptions>().BindConfiguration(TextFormatOptions.FormatsSectionName).ValidateOnStart();
        services.AddSingleton<TextFormatOptionsValidator>();
        services.AddSingleton<IValidateOptions<TextFormatOptions>>(sp => sp.GetRequiredService<TextFormatOptionsValidator>());
        services.AddSingleton<IValidateOptions<CustomFormatsOptions>>(sp => sp.GetRequiredService<TextFormatOptionsValidator>());
        services.AddSingleton<TextFormatRegistry>();
        services.AddSingleton<TextLogWriter>();
        services.AddSingleton<TextPayloadParser>();
        return services;
    }
}
