using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LogPlatform.Security;

/// <summary>
/// Operator actions (ingest's sources, the gateway's alert rules and channels) need the admin key in <c>X-Admin-Key</c>;
/// an API key or a stream token is not enough. Without a configured <c>Admin:Key</c> every such request is refused.
/// </summary>
public sealed class AdminKeyFilter(IOptions<AdminOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Admin-Key";

    private readonly byte[]? _key = options.Value.Key is { Length: > 0 } key ? Encoding.UTF8.GetBytes(key) : null;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_key is null)
        {
            return Refuse("Operator actions are disabled", "This service has no admin key (configuration Admin:Key); operator actions are refused.");
        }
        var sent = context.HttpContext.Request.Headers[HeaderName];
        if (sent.Count == 0 || string.IsNullOrEmpty(sent[0])) return Refuse("Missing admin key", $"Send the admin key in the {HeaderName} header.");
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent[0]!), _key))
        {
            return Refuse("Invalid admin key", "The admin key is not this service's.");
        }
        return next(context);
    }

    private static ValueTask<object?> Refuse(string title, string detail)
        => ValueTask.FromResult<object?>(TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: title));
}
