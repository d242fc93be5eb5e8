namespace Ingest.Api.Parsing;

/// <summary>The top-level fields of a JSON log that <c>POST /logs</c> reads (<see cref="LogFieldAliases"/>); any other member is kept as a property.</summary>
public enum LogField : byte { Unknown, Timestamp, Level, Message, Source, Application, TraceId, SpanId, Properties }
