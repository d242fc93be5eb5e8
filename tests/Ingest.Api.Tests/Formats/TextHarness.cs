using System.Text;
using System.Text.Json;
using Ingest.Api.Formats;
using Ingest.Api.Parsing;
using LogPlatform.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Ingest.Api.Tests.Formats;

/// <summary>Runs text through <see cref="TextPayloadParser"/> and reads back what would go on the stream.</summary>
public static class TextHarness
{
    /// <summary>January: year-less December lines must land in the year before.</summary>
    public static readonly DateTimeOffset ReceivedAt = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public sealed record Result(ParseOutcome Outcome, IReadOnlyDictionary<string, int> Formats, LogEvent[] Logs);

    /// <summary>Configuration as an operator writes it in appsettings.json.</summary>
    public static IConfiguration Configuration(string? jsonFile = null, IDictionary<string, string?>? settings = null)
    {
        var builder = new ConfigurationBuilder();
        if (jsonFile is not null) builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "TestData", jsonFile));
        if (settings is not null) builder.AddInMemoryCollection(settings);
        return builder.Build();
    }

    public static TextPayloadParser CreateParser(IConfiguration? configuration = null, IngestOptions? options = null)
    {
        configuration ??= Configuration();
        options ??= new IngestOptions();
        var text = configuration.GetSection(TextFormatOptions.SectionName).Get<TextFormatOptions>() ?? new TextFormatOptions();
        var custom = configuration.GetSection(TextFormatOptions.FormatsSectionName).Get<CustomFormatsOptions>() ?? new CustomFormatsOptions();
        var validator = new TextFormatOptionsValidator();
        var validation = validator.Validate(null, custom);
        if (validation.Failed) throw new OptionsValidationException("", typeof(CustomFormatsOptions), validation.Failures);
        var registry = new TextFormatRegistry(Options.Create(text), Options.Create(custom));
        return new TextPayloadParser(new LogPayloadParser(options), new TextLogWriter(new StreamLogWriter(options)), registry, Options.Create(options), Options.Create(text));
    }

    public static Result Parse(string body, string format = "auto", TextPayloadParser? parser = null, DateTimeOffset? receivedAt = null)
        => Parse(Encoding.UTF8.GetBytes(body), format, parser, receivedAt);

    public static Result Parse(byte[] body, string format = "auto", TextPayloadParser? parser = null, DateTimeOffset? receivedAt = null)
    {
        parser ??= CreateParser();
        Assert.True(parser.Formats.TryGet(format, out var choice), format);
        using var session = parser.StartSession(choice);
        using var output = new LogChunkWriter(1000, 1024);
        var defaults = new LogDefaults(JsonEncodedText.Encode("default-source"), JsonEncodedText.Encode("default-app"), receivedAt ?? ReceivedAt);
        var outcome = parser.Parse(body, session, defaults, output);
        var logs = output.Complete().SelectMany(c => JsonSerializer.Deserialize(c.Payload.Span, ContractsJsonContext.Default.LogEventArray)!).ToArray();
        return new Result(outcome, session.Counts.ToDictionary(), logs);
    }

    public static LogEvent Single(string line, string format = "auto", TextPayloadParser? parser = null)
    {
        var result = Parse(line, format, parser);
        Assert.True(result.Outcome.IsValid);
        return Assert.Single(result.Logs);
    }

    public static string? Property(this LogEvent log, string name)
        => log.Properties is { } properties && properties.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    public static string Format(this LogEvent log) => log.Property("format")!;
}
