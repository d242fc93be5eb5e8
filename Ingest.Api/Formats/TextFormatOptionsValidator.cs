using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Formats;

/// <summary>Checks at start that every custom format has a usable name and patterns that compile.</summary>
public sealed class TextFormatOptionsValidator : IValidateOptions<CustomFormatsOptions>, IValidateOptions<TextFormatOptions>
{
    public ValidateOptionsResult Validate(string? name, CustomFormatsOptions options)
    {
        var errors = new List<string>();
        foreach (var (formatName, format) in options)
        {
            var where = $"{TextFormatOptions.FormatsSectionName}:{formatName}";
            if (TextFormatRegistry.BuiltInNames.Contains(formatName)) errors.Add($"{where}: '{formatName}' is a built-in format name.");
            if (!Regex.IsMatch(formatName, "^[A-Za-z0-9_.-]{1,64}$")) errors.Add($"{where}: a format name is 1-64 letters, digits, '_', '-' or '.'.");
            if (string.IsNullOrEmpty(format.Pattern)) errors.Add($"{where}:Pattern is required.");
            else if (Compile(format.Pattern) is { } patternError) errors.Add($"{where}:Pattern does not compile: {patternError}");
            if (!string.IsNullOrEmpty(format.StartPattern) && Compile(format.StartPattern) is { } startError)
                errors.Add($"{where}:StartPattern does not compile: {startError}");
            if (format.MatchTimeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromSeconds(10)))
                errors.Add($"{where}:MatchTimeout must be more than 0 and at most 10 s.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public ValidateOptionsResult Validate(string? name, TextFormatOptions options)
        => !string.IsNullOrEmpty(options.MultilineStartPattern) && Compile(options.MultilineStartPattern) is { } error
            ? ValidateOptionsResult.Fail($"{TextFormatOptions.SectionName}:MultilineStartPattern does not compile: {error}")
            : ValidateOptionsResult.Success;

    private static string? Compile(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}
