using System.Text;
using System.Text.RegularExpressions;

namespace LogPlatform.Contracts;

/// <summary>
/// A pattern's template (tokens separated by spaces, <c>&lt;*&gt;</c> for a variable) as a regular expression over a
/// message, in the subset of syntax .NET and PostgreSQL (<c>~</c>) read alike: so the logs API matches stored logs
/// (including those stored before the pattern was mined) and the live streams match new ones, the same way.
/// A variable stands for one or more characters, spaces included (the miner folds a list of values into one variable);
/// literal text must appear as it is, with any run of white space between tokens.
/// </summary>
public static class PatternTemplate
{
    public const string Wildcard = "<*>";

    private const string Metacharacters = @"\^$.|?*+()[]{}";

    /// <summary>An anchored expression: regular-expression metacharacters escaped, white space as <c>\s+</c>, variables as <c>.+</c>.</summary>
    public static string ToRegex(string template)
    {
        var regex = new StringBuilder("^\\s*");
        var tokens = template.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var t = 0; t < tokens.Length; t++)
        {
            if (t > 0) regex.Append("\\s+");
            var token = tokens[t];
            for (var i = 0; i < token.Length; i++)
            {
                if (string.CompareOrdinal(token, i, Wildcard, 0, Wildcard.Length) == 0)
                {
                    regex.Append(".+");
                    i += Wildcard.Length - 1;
                    continue;
                }
                var c = token[i];
                // Only the metacharacters are escaped: both dialects read a backslash before them as the literal
                // character, and .NET refuses one before other characters (\_), PostgreSQL before letters.
                if (Metacharacters.Contains(c)) regex.Append('\\');
                regex.Append(c);
            }
        }
        return regex.Append("\\s*$").ToString();
    }

    /// <summary>The template as a .NET expression (linear time, whatever the template).</summary>
    public static Regex ToDotNetRegex(string template)
        => new(ToRegex(template), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.Singleline);

    /// <summary>
    /// A cheap test that can only fail where <see cref="ToRegex"/> would: every literal run of the template (between white
    /// space and variables) appears in the message. Checked before building an expression when many templates are tried.
    /// </summary>
    public static bool CanMatch(string template, string message)
    {
        foreach (var literal in Literals(template))
        {
            if (!message.Contains(literal, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    /// <summary>How many characters of the template are literal text: the more, the more specific the template.</summary>
    public static int LiteralLength(string template) => Literals(template).Sum(literal => literal.Length);

    /// <summary>The template's literal runs: its tokens (split at white space) with the variables taken out.</summary>
    private static IEnumerable<string> Literals(string template)
        => template.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(token => token.Split(Wildcard, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Sixteen hexadecimal digits: a pattern's id (as the patterns API shows it) rather than a template.</summary>
    public static bool IsPatternId(string value)
        => value.Length == 16 && value.All(char.IsAsciiHexDigit);
}
