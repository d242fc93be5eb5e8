using System.Text;

namespace Ingest.Api.Protocols.Loki;

/// <summary>Prometheus label sets as Loki's protobuf carries them: <c>{app="web", host="a\"b"}</c>.</summary>
public static class LokiLabels
{
    /// <returns>false when the text is not a label set.</returns>
    public static bool TryParse(string text, List<KeyValuePair<string, string>> labels)
    {
        labels.Clear();
        var span = text.AsSpan().Trim();
        if (span.Length < 2 || span[0] != '{' || span[^1] != '}') return false;
        span = span[1..^1];
        var value = new StringBuilder();
        while (true)
        {
            span = span.TrimStart();
            if (span.IsEmpty) return true;
            var equals = span.IndexOf('=');
            if (equals <= 0) return false;
            var name = span[..equals].Trim().ToString();
            span = span[(equals + 1)..].TrimStart();
            if (span.IsEmpty || span[0] != '"') return false;
            value.Clear();
            var i = 1;
            for (; i < span.Length && span[i] != '"'; i++)
            {
                if (span[i] == '\\' && i + 1 < span.Length)
                {
                    i++;
                    value.Append(span[i] switch { 'n' => '\n', 't' => '\t', var c => c });
                }
                else value.Append(span[i]);
            }
            if (i >= span.Length) return false;
            labels.Add(new(name, value.ToString()));
            span = span[(i + 1)..].TrimStart();
            if (!span.IsEmpty && span[0] == ',') span = span[1..];
        }
    }
}
