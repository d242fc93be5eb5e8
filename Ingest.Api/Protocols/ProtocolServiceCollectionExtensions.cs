using Ingest.Api.Protocols.Clef;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Protocols;

public static class ProtocolServiceCollectionExtensions
{
    /// <summary>The protocol doors' shared pipeline and writer, and each protocol's mapper.</summary>
    public static IServiceCollection AddProtocols(this IServiceCollection services)
    {
        services.AddSingleton<ProtocolIngest>();
        services.AddSingleton(sp => new ProtocolLogWriter(sp.GetRequiredService<IOptions<IngestOptions>>().Value));
        services.AddSingleton<ClefMapper>();
        return services;
    }

    public static IEndpointRouteBuilder MapProtocolEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapClefEndpoints();
        return endpoints;
    }
}
