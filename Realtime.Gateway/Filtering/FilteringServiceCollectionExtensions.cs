namespace Realtime.Gateway.Filtering;

public static class FilteringServiceCollectionExtensions
{
    /// <summary>The check of property filters against the names the platform has seen (<see cref="UnseenPropertyCheck"/>).</summary>
    public static IHostApplicationBuilder AddPropertyNameCheck(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SeenPropertyNames>();
        return builder;
    }
}
