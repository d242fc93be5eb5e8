using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Ingest.Api.Formats;

/// <summary>Which lines start a new event; the others continue the one before (a stack trace stays with its log).</summary>
public abstract class EventStartRule
{
    /// <summary>Every line is an event.</summary>
    public static readonly EventStartRule EveryLine = new EveryLineRule();

    /// <summary>A line that does not begin with a space or tab, and is not a Java <c>Caused by:</c>, starts an event.</summary>
    public static readonly EventStartRule Unindented = new UnindentedRule();

    /// <summary>A line must match <paramref name="pattern"/> to start an event. A match timeout counts as a start.</summary>
    public static EventStartRule FromPattern(string pattern, TimeSpan timeout) => new PatternRule(pattern, timeout);

    /// <param name="line">One line, without its line break; never empty.</param>
    public abstract bool IsStart(ReadOnlySpan<byte> line);

    private sealed class EveryLineRule : EventStartRule
    {
        public override bool IsStart(ReadOnlySpan<byte> line) => true;
    }

    private sealed class UnindentedRule : EventStartRule
    {
        public override bool IsStart(ReadOnlySpan<byte> line) => line[0] is not ((byte)' ' or (byte)'\t') && !line.StartsWith("Caused by: "u8);
    }

    private sealed class PatternRule(string pattern, TimeSpan timeout) : EventStartRule
    {
        private readonly Regex _regex = new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, timeout);

        public override bool IsStart(ReadOnlySpan<byte> line)
        {
            // Regex.IsMatch over a span allocates nothing; only the first 4 KiB of a line are looked at.
            line = line[..Utf8Text.CutAtCharBoundary(line, 4096)];
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
    }
}
