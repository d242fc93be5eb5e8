using System.Text.RegularExpressions;
using Ingest.Api.Formats;
using LogPlatform.Shipping.Files;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Sources;

/// <summary>
/// Refuses to start with a source that could read outside the allowed directories (a relative glob, <c>..</c>,
/// wildcards in a directory, a directory not allowed) or with a format ingest does not have; each message names the source.
/// </summary>
public sealed partial class SourcesOptionsValidator(TextFormatRegistry formats) : IValidateOptions<SourcesOptions>
{
    public ValidateOptionsResult Validate(string? name, SourcesOptions options)
    {
        var errors = new List<string>();
        foreach (var directory in options.AllowedDirectories)
        {
            if (!Path.IsPathFullyQualified(directory)) errors.Add($"Sources:AllowedDirectories '{directory}' is not an absolute path.");
        }
        var allowed = new AllowedDirectories(options.AllowedDirectories.Where(Path.IsPathFullyQualified));
        foreach (var (source, definition) in options.Definitions)
        {
            var prefix = $"Sources:Definitions:{source}";
            if (!NamePattern().IsMatch(source)) errors.Add($"{prefix}: the name must be 1-64 letters, digits, '.', '_' or '-'.");
            var glob = definition.Glob;
            if (string.IsNullOrWhiteSpace(glob) || !Path.IsPathFullyQualified(glob))
            {
                errors.Add($"{prefix}:Glob '{glob}' is not an absolute path.");
                continue;
            }
            if (glob.Split('/', '\\').Any(segment => segment == ".."))
            {
                errors.Add($"{prefix}:Glob '{glob}' may not contain '..'.");
                continue;
            }
            var directory = GlobExpander.DirectoryOf(glob);
            if (GlobExpander.HasWildcards(directory)) errors.Add($"{prefix}:Glob '{glob}': wildcards are allowed in the file name only.");
            else if (!allowed.Contains(directory))
            {
                errors.Add($"{prefix}:Glob '{glob}' is outside Sources:AllowedDirectories ({(options.AllowedDirectories.Length == 0 ? "none configured" : string.Join(", ", options.AllowedDirectories))}).");
            }
            if (!formats.TryGet(definition.Format, out _))
            {
                errors.Add($"{prefix}:Format '{definition.Format}' is not a format ({string.Join(", ", formats.Names)}).");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
