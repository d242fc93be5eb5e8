using System.Text.Json;
using LogPlatform.Contracts;

namespace LogPlatform.Contracts.Tests;

public sealed class LogSeverityTests
{
    [Theory]
    [InlineData("trace", LogSeverity.Trace)]
    [InlineData("Verbose", LogSeverity.Trace)]
    [InlineData("TRC", LogSeverity.Trace)]
    [InlineData("finest", LogSeverity.Trace)]
    [InlineData("debug", LogSeverity.Debug)]
    [InlineData("DBG", LogSeverity.Debug)]
    [InlineData("fine", LogSeverity.Debug)]
    [InlineData("info", LogSeverity.Info)]
    [InlineData("Information", LogSeverity.Info)]
    [InlineData("INF", LogSeverity.Info)]
    [InlineData("notice", LogSeverity.Info)]
    [InlineData("informational", LogSeverity.Info)]
    [InlineData("warn", LogSeverity.Warn)]
    [InlineData("WARNING", LogSeverity.Warn)]
    [InlineData("wrn", LogSeverity.Warn)]
    [InlineData("error", LogSeverity.Error)]
    [InlineData("ERR", LogSeverity.Error)]
    [InlineData("fail", LogSeverity.Error)]
    [InlineData("SEVERE", LogSeverity.Error)]
    [InlineData("fatal", LogSeverity.Fatal)]
    [InlineData("Critical", LogSeverity.Fatal)]
    [InlineData("crit", LogSeverity.Fatal)]
    [InlineData("alert", LogSeverity.Fatal)]
    [InlineData("emerg", LogSeverity.Fatal)]
    [InlineData("panic", LogSeverity.Fatal)]
    [InlineData("  warn  ", LogSeverity.Warn)]
    [InlineData("0", LogSeverity.Trace)]
    [InlineData("5", LogSeverity.Fatal)]
    public void Aliases_parse_case_insensitively(string text, LogSeverity expected)
    {
        Assert.True(LogSeverityNames.TryParse(text, out var severity));
        Assert.Equal(expected, severity);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("loud")]
    [InlineData("6")]
    [InlineData("-1")]
    [InlineData("informationalinformational")]
    public void Unknown_levels_do_not_parse(string text)
    {
        Assert.False(LogSeverityNames.TryParse(text, out _));
    }

    [Fact]
    public void Wire_names_are_the_canonical_lower_case_names_and_parse_back()
    {
        Assert.Equal(["trace", "debug", "info", "warn", "error", "fatal"], Enum.GetValues<LogSeverity>().Select(l => l.ToWireName()));
        foreach (var level in Enum.GetValues<LogSeverity>())
        {
            Assert.True(LogSeverityNames.TryParse(level.ToWireName(), out var parsed));
            Assert.Equal(level, parsed);
        }
    }

    [Fact]
    public void Severities_are_ordered_for_minimum_level_filters()
    {
        Assert.True(LogSeverity.Trace < LogSeverity.Debug && LogSeverity.Debug < LogSeverity.Info
            && LogSeverity.Info < LogSeverity.Warn && LogSeverity.Warn < LogSeverity.Error && LogSeverity.Error < LogSeverity.Fatal);
    }

    [Theory]
    [InlineData("\"WARNING\"", LogSeverity.Warn)]
    [InlineData("\"\\u0057arn\"", LogSeverity.Warn)]
    [InlineData("4", LogSeverity.Error)]
    [InlineData("\"critical\"", LogSeverity.Fatal)]
    public void The_json_converter_reads_aliases_and_numbers(string json, LogSeverity expected)
    {
        var log = JsonSerializer.Deserialize($$"""{"level":{{json}},"message":"m"}""", ContractsJsonContext.Default.LogEvent)!;
        Assert.Equal(expected, log.Level);
    }

    [Theory]
    [InlineData("\"loud\"")]
    [InlineData("9")]
    [InlineData("true")]
    public void The_json_converter_refuses_unknown_levels(string json)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize($$"""{"level":{{json}}}""", ContractsJsonContext.Default.LogEvent));
        Assert.Contains("level", error.Message);
    }
}
