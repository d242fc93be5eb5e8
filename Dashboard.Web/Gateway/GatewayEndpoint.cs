using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;

namespace Dashboard.Web.Gateway;

/// <summary>
/// Finds the gateway through service discovery (<c>services__gateway__http__0</c> under the AppHost),
/// for the WebSocket client, which does not go through the HttpClient discovery handler.
/// </summary>
public sealed class GatewayEndpoint(ServiceEndpointResolver resolver, IOptions<DashboardOptions> options)
{
    private const string NativeFormat = "format=native";

    public async ValueTask<Uri> GetBaseUriAsync(CancellationToken cancellationToken)
    {
        var service = options.Value.GatewayService;
        var source = await resolver.GetEndpointsAsync(service, cancellationToken);
        foreach (var endpoint in source.Endpoints)
        {
            switch (endpoint.EndPoint)
            {
                case UriEndPoint uri:
                    return uri.Uri;
                case DnsEndPoint dns:
                    return new UriBuilder("http", dns.Host, dns.Port).Uri;
                case IPEndPoint ip:
                    return new UriBuilder("http", ip.Address.ToString(), ip.Port).Uri;
            }
        }
        throw new InvalidOperationException($"Service discovery found no endpoint for '{service}' (set services__gateway__http__0).");
    }

    /// <summary>
    /// The combined live endpoint in the platform's own protocol: <c>ws(s)://host/ws?format=native&amp;filters...</c>
    /// (<c>/ws</c> sends another shape to clients that name no format).
    /// </summary>
    public static Uri WebSocketUri(Uri baseUri, string query)
    {
        query = string.IsNullOrEmpty(query) ? NativeFormat : $"{NativeFormat}&{query}";
        var builder = new UriBuilder(baseUri)
        {
            Scheme = baseUri.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = baseUri.AbsolutePath.TrimEnd('/') + "/ws",
            Query = query,
        };
        if (builder.Port == 443 && builder.Scheme == "wss" || builder.Port == 80 && builder.Scheme == "ws") builder.Port = -1;
        return builder.Uri;
    }
}
