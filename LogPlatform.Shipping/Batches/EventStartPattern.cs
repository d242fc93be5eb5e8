using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace LogPlatform.Shipping.Batches;

/// <summary>
/// Which lines start an event; the others continue the one before, so a stack trace is never split between two
/// batches. The default, as Ingest's text formats: a line that does not begin with a space or tab (nor <c>Caused by: </c>).
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
            line = line[..Math.Min(line.Length, 4096)];
            var chars = ArrayPool<char>.Shared.Rent(line.Length);
            try
            {
                var written = Encoding.UTF8.GetChars(line, chars);
                return _regex.IsMatch(chars.AsSpan(0, written));
            }
            catch (RegexMatchTimeoutException)
            {
                return true;
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }
    }
}
