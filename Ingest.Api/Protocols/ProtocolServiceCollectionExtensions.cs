using Ingest.Api.Protocols.Clef;
using Ingest.Api.Protocols.Loki;
using Ingest.Api.Protocols.Otlp;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Protocols;

public static class ProtocolServiceCollectionExtensions
{
    /// <summary>The protocol doors' shared pipeline and writer, and each protocol's mapper.</summary>
    public static IServiceCollection AddProtocols(this IServiceCollection services)
    {
        services.AddSingleton<ProtocolIngest>();
        services.AddOptions<ClefOptions>().BindConfiguration(ClefOptions.SectionName);
        services.AddSingleton<ClefMapper>();
        services.AddSingleton<OtlpProtobufMapper>();
        services.AddSingleton<OtlpJsonMapper>();
        services.AddOptions<OtlpGrpcOptions>().BindConfiguration(OtlpGrpcOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<OtlpGrpcOptions>, OtlpGrpcOptionsValidator>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, OtlpGrpcKestrelSetup>();
        services.AddSingleton<LokiMapper>();
        return services;
    }

    public static IEndpointRouteBuilder MapProtocolEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapClefEndpoints();
        endpoints.MapOtlpEndpoints();
        endpoints.MapOtlpGrpcEndpoints();
        endpoints.MapLokiEndpoints();
        return endpoints;
    }
}
