using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Realtime.Gateway.Security;

/// <summary>
/// The browser origins of <c>Gateway:AllowedOrigins</c>, for the WebSocket origin check and CORS alike. An origin matches
/// an entry with the same scheme, host and port; a trailing slash and case do not matter, and the loopback names
/// <c>localhost</c>, <c>127.0.0.1</c> and <c>[::1]</c> are one host, so a development page opened either way is allowed.
/// </summary>
public sealed class OriginAllowList
{
    private const string Loopback = "localhost";

    private readonly HashSet<string> _origins;

    public OriginAllowList(IEnumerable<string> allowed)
    {
        _origins = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in allowed)
        {
            if (Normalize(entry) is { } origin) _origins.Add(origin);
        }
    }

    /// <summary>One allow-list for the process, built from the options at start (both users register it; the first wins).</summary>
    public static void Register(IServiceCollection services)
        => services.TryAddSingleton(provider => new OriginAllowList(provider.GetRequiredService<IOptions<GatewayOptions>>().Value.AllowedOrigins));

    public bool IsAllowed(string? origin) => Normalize(origin) is { } normalized && _origins.Contains(normalized);

    /// <summary><c>scheme://host:port</c> with loopback hosts as <c>localhost</c>; null for what is not an origin.</summary>
    private static string? Normalize(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin)
            || !Uri.TryCreate(origin.Trim().TrimEnd('/'), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") // Uri lower-cases scheme and host
            || uri.PathAndQuery != "/")
        {
            return null;
        }
        // IsLoopback: localhost, 127.0.0.0/8 and ::1.
        return $"{uri.Scheme}://{(uri.IsLoopback ? Loopback : uri.IdnHost)}:{uri.Port}";
    }
}
