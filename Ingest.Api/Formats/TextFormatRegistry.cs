using LogPlatform.Shipping.Batches;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Formats;

/// <summary>
/// Every format by name: the built-ins and the custom ones of <see cref="TextFormatOptions.FormatsSectionName"/>, whose
/// regular expressions are compiled here, once, at start.
/// </summary>
public sealed class TextFormatRegistry
{
    public const string Auto = AutoFormat.FormatName;
    public const string Json = "json";

    private readonly Dictionary<string, TextFormatChoice> _formats = new(StringComparer.OrdinalIgnoreCase);

    public TextFormatRegistry(IOptions<TextFormatOptions> options, IOptions<CustomFormatsOptions> customFormats)
    {
        var text = options.Value;
        var defaultRule = !text.Multiline ? EventStartPattern.EveryLine
            : string.IsNullOrEmpty(text.MultilineStartPattern) ? EventStartPattern.Unindented
            : EventStartPattern.FromRegex(text.MultilineStartPattern, text.MatchTimeout);

        var rfc5424 = new Rfc5424Format();
        var rfc3164 = new Rfc3164Format();
        var syslog = new SyslogFormat(rfc5424, rfc3164);
        var cef = new CefFormat(rfc5424, rfc3164);
        var access = new AccessLogFormat();
        var logfmt = new LogfmtFormat();
        var auto = new AutoFormat(cef, syslog, access, logfmt);
        foreach (LineFormat format in new LineFormat[] { rfc5424, rfc3164, syslog, cef, access, logfmt })
        {
            _formats[format.Name] = new TextFormatChoice(format.Name, format, AcceptsJson: false, defaultRule);
        }
        _formats[Auto] = new TextFormatChoice(Auto, auto, AcceptsJson: true, defaultRule);
        _formats[Json] = new TextFormatChoice(Json, null, AcceptsJson: true, EventStartPattern.EveryLine);

        foreach (var (name, custom) in customFormats.Value)
        {
            var rule = !text.Multiline ? EventStartPattern.EveryLine
                : string.IsNullOrEmpty(custom.StartPattern) ? defaultRule
                : EventStartPattern.FromRegex(custom.StartPattern, custom.MatchTimeout ?? text.MatchTimeout);
            _formats[name] = new TextFormatChoice(name, new RegexLineFormat(name, custom, text.MatchTimeout), AcceptsJson: false, rule);
        }
        Default = _formats.TryGetValue(text.DefaultFormat, out var chosen)
            ? chosen
            : throw new OptionsValidationException(TextFormatOptions.SectionName, typeof(TextFormatOptions),
                [$"{TextFormatOptions.SectionName}:DefaultFormat '{text.DefaultFormat}' is not a format ({string.Join(", ", Names)})."]);
    }

    /// <summary>The built-in names, which custom formats may not take.</summary>
    public static readonly IReadOnlySet<string> BuiltInNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        Rfc5424Format.FormatName, Rfc3164Format.FormatName, SyslogFormat.FormatName, CefFormat.FormatName,
        AccessLogFormat.FormatName, LogfmtFormat.FormatName, Auto, Json, FormatCounts.UnparsedName,
    };

    /// <summary>The format used when a request names none.</summary>
    public TextFormatChoice Default { get; }

    public IEnumerable<string> Names => _formats.Keys.Order(StringComparer.Ordinal);

    public bool TryGet(string name, out TextFormatChoice format) => _formats.TryGetValue(name, out format!);
}
