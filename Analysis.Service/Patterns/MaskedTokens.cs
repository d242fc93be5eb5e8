using System.Buffers;

namespace Analysis.Service.Patterns;

/// <summary>
/// A message masked by <see cref="VariableMasker"/> and split on white space, held in buffers that are reused from one
/// line to the next so that reading a line allocates nothing (the buffers grow to the longest line seen). The tokens
/// are spans over the masked text; a string is made of one only when a template keeps it. Not thread-safe.
/// </summary>
public sealed class MaskedTokens(int maxTokens)
{
    private char[] _text = new char[1024];
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];

    public int Count { get; private set; }

    public ReadOnlySpan<char> this[int index] => _text.AsSpan(_starts[index], _lengths[index]);

    /// <summary>
    /// Masks and splits <paramref name="message"/>. Past <c>maxTokens</c>, the last token holds the rest of the line.
    /// </summary>
    public void Read(ReadOnlySpan<char> message)
    {
        var needed = VariableMasker.MaxMaskedLength(message.Length);
        if (_text.Length < needed) _text = new char[Math.Max(needed, _text.Length * 2)];
        var text = _text.AsSpan(0, VariableMasker.Mask(message, _text));

        Count = 0;
        var i = 0;
        while (true)
        {
            var skip = text[i..].IndexOfAnyExcept(Space);
            if (skip < 0) break;
            var start = i + skip;
            int end;
            if (Count == maxTokens - 1)
            {
                end = start + text[start..].LastIndexOfAnyExcept(Space) + 1;
            }
            else
            {
                var length = text[start..].IndexOfAny(Space);
                end = length < 0 ? text.Length : start + length;
            }
            i = end;
            // A list of values of one shape ("blk_<*> blk_<*> blk_<*>") is one variable, however long the list.
            if (Count > 0 && IsRepeatedVariable(start, end - start)) continue;
            Add(start, end - start);
        }
    }

    private bool IsRepeatedVariable(int start, int length)
    {
        var token = _text.AsSpan(start, length);
        return token.SequenceEqual(this[Count - 1]) && token.IndexOf(VariableMasker.Wildcard) >= 0;
    }

    /// <summary>Whether token <paramref name="index"/> is exactly a masked variable.</summary>
    public bool IsWildcard(int index) => this[index].SequenceEqual(VariableMasker.Wildcard);

    private void Add(int start, int length)
    {
        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, Count * 2);
            Array.Resize(ref _lengths, Count * 2);
        }
        _starts[Count] = start;
        _lengths[Count] = length;
        Count++;
    }

    private static readonly SearchValues<char> Space = SearchValues.Create(" \t\r\n\f\v");
}
