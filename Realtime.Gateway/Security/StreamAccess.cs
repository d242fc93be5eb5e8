using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Realtime.Gateway.Security;

/// <summary>
/// Who may open a stream or read the API: a token (query <c>access_token</c> for browsers, which cannot set headers on a
/// WebSocket, or <c>Authorization: Bearer</c>), and for WebSockets a browser origin on the allow-list.
/// </summary>
public sealed class StreamAccess(IOptionsMonitor<GatewayOptions> options, OriginAllowList origins)
{
    public IResult? Check(HttpContext context, bool checkOrigin)
    {
        var settings = options.CurrentValue;
        if (!settings.AllowAnonymous && !HasValidToken(context.Request, settings.Tokens))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "A stream token is required",
                detail: "Pass the token as the 'access_token' query parameter or as 'Authorization: Bearer <token>'.");
        }

        // Cross-site WebSocket hijacking: browsers always send Origin; only listed origins may connect.
        if (checkOrigin && context.Request.Headers.Origin is { Count: > 0 } origin && !origins.IsAllowed(origin.ToString()))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Origin not allowed",
                detail: $"Origin '{origin}' is not in Gateway:AllowedOrigins.");
        }
        return null;
    }

    private static bool HasValidToken(HttpRequest request, string[] tokens)
    {
        string? presented = request.Query["access_token"];
        if (string.IsNullOrEmpty(presented))
        {
            var authorization = request.Headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) presented = authorization[7..].Trim();
        }
        if (string.IsNullOrEmpty(presented)) return false;

        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        var valid = false;
        foreach (var token in tokens)
        {
            // Compare against every token in constant time, so timing reveals neither which nor how much matched.
            valid |= CryptographicOperations.FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(token));
        }
        return valid;
    }
}

public static class StreamAccessEndpointExtensions
{
    /// <summary>Requires a stream token (and, for WebSockets, an allowed origin) on these endpoints.</summary>
    public static TBuilder RequireStreamToken<TBuilder>(this TBuilder builder, bool checkOrigin = false) where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(async (context, next) =>
        {
            var access = context.HttpContext.RequestServices.GetRequiredService<StreamAccess>();
            return access.Check(context.HttpContext, checkOrigin) ?? await next(context);
        });
}
