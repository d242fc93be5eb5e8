using System.Runtime.InteropServices;

namespace Ingest.Api.Formats;

/// <summary>How many events of a request (or session) each format parsed, and how many none did.</summary>
public sealed class FormatCounts
{
    public const string UnparsedName = "unparsed";

    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Unparsed { get; private set; }

    public int Total { get; private set; }

    public void Add(string format)
    {
        Total++;
        if (format == UnparsedName) Unparsed++;
        CollectionsMarshal.GetValueRefOrAddDefault(_counts, format, out _)++;
    }

    /// <summary>For the 202 answer: <c>{"rfc3164":12,"unparsed":1}</c>.</summary>
    public IReadOnlyDictionary<string, int> ToDictionary() => new Dictionary<string, int>(_counts, StringComparer.Ordinal);

    public IEnumerable<KeyValuePair<string, int>> Entries => _counts;
}
