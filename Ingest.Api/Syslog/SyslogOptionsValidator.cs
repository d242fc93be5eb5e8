using System.Net;
using Ingest.Api.Formats;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Syslog;

/// <summary>Checks at start what annotations cannot: an IP address to bind, a format that exists, two different uses of one port.</summary>
public sealed class SyslogOptionsValidator(TextFormatRegistry formats) : IValidateOptions<SyslogOptions>
{
    public ValidateOptionsResult Validate(string? name, SyslogOptions options)
    {
        var errors = new List<string>();
        if (!IPAddress.TryParse(options.BindAddress, out _))
            errors.Add($"{SyslogOptions.SectionName}:BindAddress '{options.BindAddress}' is not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::).");
        if (!formats.TryGet(options.Format, out _))
            errors.Add($"{SyslogOptions.SectionName}:Format '{options.Format}' is not a format ({string.Join(", ", formats.Names)}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
