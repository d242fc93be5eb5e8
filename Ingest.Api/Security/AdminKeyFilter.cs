using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Security;

/// <summary>
/// Operator actions (the sources' start and stop, their status) need the admin key in <c>X-Admin-Key</c>; an ingest
/// API key is not enough. Without a configured <c>Admin:Key</c> every such request is refused.
/// </summary>
public sealed class AdminKeyFilter(IOptions<AdminOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Admin-Key";

    private readonly byte[]? _key = options.Value.Key is { Length: > 0 } key ? Encoding.UTF8.GetBytes(key) : null;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_key is null)
        {
            return Refuse("Operator actions are disabled", "This ingest has no admin key (configuration Admin:Key); operator actions are refused.");
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
