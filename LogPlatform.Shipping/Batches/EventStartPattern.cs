using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace LogPlatform.Shipping.Batches;

/// <summary>
/// Which lines start an event; the others continue the one before, so a stack trace is never split between two
/// batches (the shipper), or one upload's or text body's events (ingest). The default: a line that does not begin with a space or tab (nor <c>Caused by: </c>).
/// </summary>
public abstract class EventStartPattern
{
    public static readonly EventStartPattern EveryLine = new EveryLineRule();
    public static readonly EventStartPattern Unindented = new UnindentedRule();

    /// <summary>A line must match <paramref name="pattern"/> to start an event; a match timeout counts as a start.</summary>
    public static EventStartPattern FromRegex(string pattern, TimeSpan timeout) => new RegexRule(pattern, timeout);

    public static EventStartPattern For(bool multiline, string? pattern)
        => !multiline ? EveryLine : string.IsNullOrEmpty(pattern) ? Unindented : FromRegex(pattern, TimeSpan.FromMilliseconds(100));

    /// <param name="line">One line without its line break; never empty.</param>
    public abstract bool IsStart(ReadOnlySpan<byte> line);

    private sealed class EveryLineRule : EventStartPattern
    {
        public override bool IsStart(ReadOnlySpan<byte> line) => true;
    }

    private sealed class UnindentedRule : EventStartPattern
    {
        public override bool IsStart(ReadOnlySpan<byte> line) => line[0] is not ((byte)' ' or (byte)'\t') && !line.StartsWith("Caused by: "u8);
    }

    private sealed class RegexRule(string pattern, TimeSpan timeout) : EventStartPattern
    {
        private readonly Regex _regex = new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, timeout);

        public override bool IsStart(ReadOnlySpan<byte> line)
        {
            // Regex.IsMatch over a span allocates nothing; only the first 4 KiB of a line are looked at, cut on a character.
            line = line[..CutAtCharBoundary(line, 4096)];
            char[]? rented = null;
            var chars = line.Length <= 512 ? stackalloc char[512] : (rented = ArrayPool<char>.Shared.Rent(line.Length));
            try
            {
                var written = Encoding.UTF8.GetChars(line, chars);
                return _regex.IsMatch(chars[..written]);
            }
            catch (RegexMatchTimeoutException)
            {
                return true;
            }
            finally
            {
                if (rented is not null) ArrayPool<char>.Shared.Return(rented);
            }
        }

        private static int CutAtCharBoundary(ReadOnlySpan<byte> text, int max)
        {
            if (text.Length <= max) return text.Length;
            var cut = max;
            while (cut > 0 && (text[cut] & 0xC0) == 0x80) cut--;
            return cut;
        }
    }
}
