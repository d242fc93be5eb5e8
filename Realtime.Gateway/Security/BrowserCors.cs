using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Realtime.Gateway.Security;

/// <summary>
/// CORS for the REST and SSE endpoints, from the same allow-list as the WebSocket origins. No credentials mode: the token
/// travels in <c>Authorization</c> (or <c>access_token</c>), never in a cookie, so a browser cannot send it unasked.
/// </summary>
public static class BrowserCors
{
    public const string PolicyName = "gateway-browsers";

    /// <summary>The headers a page may send: the token and SSE's resume point (others are CORS-safelisted).</summary>
    public static readonly string[] AllowedHeaders = ["Authorization", "Last-Event-ID"];

    /// <summary>What a page may read beyond the safelisted response headers: the export's file name.</summary>
    public static readonly string[] ExposedHeaders = ["Content-Disposition"];

    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    /// <summary>The allow-list (one, shared with the WebSocket check) and the named policy, both built from the options at start.</summary>
    public static IHostApplicationBuilder AddBrowserCors(this IHostApplicationBuilder builder)
    {
        OriginAllowList.Register(builder.Services);
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<OriginAllowList>((cors, origins) =>
            cors.AddPolicy(PolicyName, policy => policy
                .SetIsOriginAllowed(origins.IsAllowed)
                .WithMethods(HttpMethods.Get, HttpMethods.Options)
                .WithHeaders(AllowedHeaders)
                .WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(PreflightMaxAge)));
        return builder;
    }

    /// <summary>Browser pages of an allowed origin may call these endpoints; a preflight is answered before the token check.</summary>
    public static TBuilder AllowBrowserOrigins<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.RequireCors(PolicyName);
}
