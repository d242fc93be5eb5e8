using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Fields a service adds to its <c>/health</c> body after <c>status</c> and <c>checks</c> (for example how many live
/// clients it holds). Registered in DI; the status code still comes from the health checks alone, so Aspire's gating and
/// load balancers see the same answer.
/// </summary>
public interface IHealthBodyFields
{
    ValueTask WriteAsync(Utf8JsonWriter json, HealthReport report, CancellationToken cancellationToken);
}
