using LogPlatform.Shipping;

namespace Shipper.Configuration;

/// <summary>
/// The configuration file (<c>--config ship.json</c>); command-line flags override it. Example:
/// <code>
/// { "url": "http://localhost:5010", "api_key": "…", "state_file": "/var/lib/logplatform-ship/state.json",
///   "inputs": [ { "name": "nginx", "paths": ["/var/log/nginx/*.log"], "format": "access", "application": "nginx" } ] }
/// </code>
/// </summary>
public sealed class ShipperConfig
{
    public string? Url { get; set; }
    public string? ApiKey { get; set; }
    public string? StateFile { get; set; }
    public List<ShipperInput> Inputs { get; set; } = [];
}

/// <summary>One input of the configuration file: files and how to ship them (every setting of <see cref="ShipSource"/>).</summary>
public sealed class ShipperInput
{
    public string? Name { get; set; }
    public string[] Paths { get; set; } = [];
    public string? Format { get; set; }
    public string? Source { get; set; }
    public string? Application { get; set; }
    public bool? Multiline { get; set; }
    public string? StartPattern { get; set; }
    public int? BatchLines { get; set; }
    public int? BatchBytes { get; set; }
    public int? FlushAfterMs { get; set; }
    public int? PollIntervalMs { get; set; }
}
