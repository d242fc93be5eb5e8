using System.Text.Json;
using LogPlatform.Contracts;

namespace LogPlatform.Contracts.Tests;

public class LogFilterTests
{
    private static LogFilter Parse(params (string Name, string? Value)[] query)
    {
        Assert.True(LogFilter.TryParse(query.Select(p => KeyValuePair.Create(p.Name, p.Value)), out var filter, out var error), error?.Message);
        return filter;
    }

    private static LogFilterError ParseError(params (string Name, string? Value)[] query)
    {
        Assert.False(LogFilter.TryParse(query.Select(p => KeyValuePair.Create(p.Name, p.Value)), out _, out var error));
        Assert.Contains($"'{error!.Parameter}'", error.Message);
        return error;
    }

    private static LogEvent Log(LogSeverity level = LogSeverity.Info, string message = "user logged in", string source = "auth",
        string application = "shop", string? properties = null) => new()
    {
        Level = level,
        Message = message,
        Source = source,
        Application = application,
        Properties = properties is null ? null : JsonDocument.Parse(properties).RootElement.Clone(),
    };

    [Fact]
    public void Empty_query_matches_everything()
    {
        var filter = Parse();
        Assert.True(filter.IsEmpty);
        Assert.Equal(LogFilter.All, filter);
        Assert.True(filter.Matches(Log(LogSeverity.Trace)));
    }

    [Theory]
    [InlineData("warn", LogSeverity.Info, false)]
    [InlineData("warn", LogSeverity.Warn, true)]
    [InlineData("WARNING", LogSeverity.Fatal, true)]
    [InlineData("error", LogSeverity.Warn, false)]
    public void Min_level_is_a_lower_bound(string minLevel, LogSeverity level, bool matches)
        => Assert.Equal(matches, Parse(("min_level", minLevel)).Matches(Log(level)));

    [Fact]
    public void Level_list_allows_exactly_those_levels()
    {
        var filter = Parse(("level", "debug, error"));
        Assert.Equal([LogSeverity.Debug, LogSeverity.Error], filter.Levels);
        Assert.True(filter.Matches(Log(LogSeverity.Debug)));
        Assert.False(filter.Matches(Log(LogSeverity.Warn)));
        Assert.True(filter.Matches(Log(LogSeverity.Error)));
    }

    [Fact]
    public void Source_and_application_match_exactly_ignoring_case()
    {
        var filter = Parse(("source", "Auth"), ("application", "SHOP"));
        Assert.True(filter.Matches(Log()));
        Assert.False(filter.Matches(Log(source: "auth-proxy")));
        Assert.False(filter.Matches(Log(application: "blog")));
    }

    [Fact]
    public void Text_is_a_case_insensitive_contains()
    {
        var filter = Parse(("q", "LOGGED"));
        Assert.True(filter.Matches(Log(message: "user logged in")));
        Assert.False(filter.Matches(Log(message: "user signed out")));
    }

    [Fact]
    public void Unknown_parameters_are_property_equalities_on_their_text()
    {
        var filter = Parse(("job_run_id", "42"), ("access_token", "secret"), ("limit", "10"));
        Assert.Equal([KeyValuePair.Create("job_run_id", "42")], filter.Properties);
        Assert.True(filter.Matches(Log(properties: """{"job_run_id": 42}""")));
        Assert.True(filter.Matches(Log(properties: """{"job_run_id": "42", "other": true}""")));
        Assert.False(filter.Matches(Log(properties: """{"job_run_id": 43}""")));
        Assert.False(filter.Matches(Log(properties: """{"other": 42}""")));
        Assert.False(filter.Matches(Log()));
    }

    [Fact]
    public void Errors_name_the_parameter()
    {
        Assert.Equal("min_level", ParseError(("min_level", "loud")).Parameter);
        Assert.Equal("level", ParseError(("level", "info,shouting")).Parameter);
        Assert.Equal("bad name!", ParseError(("bad name!", "x")).Parameter);
        Assert.Equal("q", ParseError(("q", new string('x', LogFilter.MaxValueLength + 1))).Parameter);
        var tooMany = ParseError(Enumerable.Range(0, LogFilter.MaxProperties + 1).Select(i => ($"p{i}", (string?)"v")).ToArray());
        Assert.Equal($"p{LogFilter.MaxProperties}", tooMany.Parameter);
        Assert.Contains("At most", tooMany.Message);
    }

    [Fact]
    public void Equal_filters_are_equal_whatever_the_parameter_order_and_case()
    {
        var a = Parse(("source", "auth"), ("b", "2"), ("a", "1"), ("level", "error,warn"));
        var b = Parse(("a", "1"), ("level", "warn,error"), ("b", "2"), ("source", "AUTH"));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Parse(("source", "auth"), ("a", "1")));
    }

    [Fact]
    public void ToQuery_round_trips()
    {
        var filter = Parse(("min_level", "warn"), ("level", "error,fatal"), ("source", "auth"), ("application", "shop"), ("q", "timeout"), ("job_run_id", "7"));
        var again = Parse(filter.ToQuery().Select(p => (p.Key, (string?)p.Value)).ToArray());
        Assert.Equal(filter, again);
        Assert.Equal("min_level=warn&level=error,fatal&source=auth&application=shop&q=timeout&job_run_id=7", filter.ToString());
    }

    [Theory]
    [InlineData("offset", "0")]
    [InlineData("page", "2")]
    [InlineData("page_size", "50")]
    [InlineData("per_page", "50")]
    [InlineData("date", "2024-01-15")]
    [InlineData("sort", "timestamp")]
    [InlineData("order", "desc")]
    [InlineData("skip", "10")]
    [InlineData("take", "10")]
    [InlineData("OFFSET", "0")]
    [InlineData("offset", "")]
    public void A_paging_or_sorting_parameter_is_refused_by_name_not_read_as_a_property(string name, string value)
    {
        var error = ParseError(("job_run_id", "42"), (name, value));
        Assert.Equal(name, error.Parameter);
        Assert.Contains("paging", error.Message);
    }

    [Fact]
    public void An_endpoint_that_honours_a_paging_parameter_reads_it_itself()
    {
        var honoured = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "offset" };
        Assert.True(LogFilter.TryParse([new("offset", "20"), new("job_run_id", "42")], honoured, out var filter, out var error), error?.Message);
        Assert.Equal([new KeyValuePair<string, string>("job_run_id", "42")], filter.Properties);

        // Only what it honours: the rest of the paging names are still refused.
        Assert.False(LogFilter.TryParse([new("offset", "20"), new("page", "2")], honoured, out _, out error));
        Assert.Equal("page", error!.Parameter);
    }

    [Fact]
    public void Stream_filters_on_the_stream_property()
    {
        var filter = Parse(("stream", "stderr"), ("job_run_id", "42"));
        Assert.Equal([new KeyValuePair<string, string>("job_run_id", "42"), new("stream", "stderr")], filter.Properties);
        Assert.True(filter.Matches(Log(properties: """{"job_run_id":42,"stream":"stderr"}""")));
        Assert.False(filter.Matches(Log(properties: """{"job_run_id":42,"stream":"stdout"}""")));
        Assert.False(filter.Matches(Log(properties: """{"job_run_id":42}""")));
        Assert.Equal("job_run_id=42&stream=stderr", filter.ToString());
    }

    [Theory]
    [InlineData("limit", "10")]
    [InlineData("cursor", "abc")]
    [InlineData("from", "2026-01-01T00:00:00Z")]
    [InlineData("to", "2026-01-01T00:00:00Z")]
    [InlineData("include_total", "true")]
    [InlineData("history", "20")]
    [InlineData("after_id", "7")]
    [InlineData("access_token", "t")]
    [InlineData("format", "text")]
    [InlineData("max", "10")]
    public void Parameters_the_endpoints_read_are_neither_refused_nor_properties(string name, string value)
    {
        var filter = Parse((name, value), ("job_run_id", "42"));
        Assert.Equal([new KeyValuePair<string, string>("job_run_id", "42")], filter.Properties);
    }
}
