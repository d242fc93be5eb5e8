namespace Dashboard.Web.Live;

/// <summary>A run of text, marked when it matches the highlighted term.</summary>
public readonly record struct TextSegment(string Text, bool IsMatch);

/// <summary>Splits text around every case-insensitive occurrence of a term, for rendering matches in &lt;mark&gt;.</summary>
public static class TextHighlighter
{
    public static IReadOnlyList<TextSegment> Split(string text, string? term)
    {
        if (string.IsNullOrEmpty(text) || string.IsNullOrWhiteSpace(term))
        {
            return [new TextSegment(text ?? "", false)];
        }
        term = term.Trim();
        var segments = new List<TextSegment>(3);
        var position = 0;
        while (position < text.Length)
        {
            var match = text.IndexOf(term, position, StringComparison.OrdinalIgnoreCase);
            if (match < 0) break;
            if (match > position) segments.Add(new TextSegment(text[position..match], false));
            segments.Add(new TextSegment(text.Substring(match, term.Length), true));
            position = match + term.Length;
        }
        if (position < text.Length) segments.Add(new TextSegment(text[position..], false));
        return segments;
    }
}
