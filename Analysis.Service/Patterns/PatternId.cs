using System.IO.Hashing;
using System.Text;

namespace Analysis.Service.Patterns;

/// <summary>
/// A pattern's id: XxHash64 (seed 0) of the UTF-8 bytes of its application, a NUL, and the template text the pattern
/// was created with (the first line, masked, its tokens joined by single spaces). The id is fixed at creation and kept
/// when the template later generalises, so links to a pattern stay valid while it learns; and the same first line
/// gives the same id in any process, so ids survive a restart when the first line of a pattern is the same (a
/// restored pattern keeps its stored id; persistence is another step). XxHash64 rather than string.GetHashCode,
/// which is randomised per process. 64 bits make a collision among the bounded number of live patterns negligible.
/// </summary>
public static class PatternId
{
    public static ulong Of(string application, string firstTemplate)
    {
        var text = string.Concat(application, "\0", firstTemplate);
        return XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Sixteen lower-case hexadecimal digits, as the API shows it.</summary>
    public static string Format(ulong id) => id.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
