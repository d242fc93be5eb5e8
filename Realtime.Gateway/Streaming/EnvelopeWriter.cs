using System.Buffers;
using System.Text;
using System.Text.Json;
using LogPlatform.Contracts;

namespace Realtime.Gateway.Streaming;

/// <summary>
/// Serialises envelopes (<c>{"type","data","timestamp"}</c>) for WebSockets and events for SSE. Each live batch is
/// serialised once per distinct (filter, protocol), never once per client.
/// </summary>
public static class EnvelopeWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    public static OutgoingFrame Logs(IReadOnlyList<LogEvent> logs, StreamProtocol protocol, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * logs.Count + 64);
        if (protocol == StreamProtocol.WebSocket)
        {
            using var json = new Utf8JsonWriter(buffer, WriterOptions);
            json.WriteStartObject();
            json.WriteString("type"u8, EnvelopeTypes.Logs);
            json.WriteStartArray("data"u8);
            foreach (var log in logs) JsonSerializer.Serialize(json, log, ContractsJsonContext.Default.LogEvent);
            json.WriteEndArray();
            json.WriteString("timestamp"u8, now);
            json.WriteEndObject();
        }
        else
        {
            foreach (var log in logs)
            {
                Write(buffer, $"id: {log.Id}\nevent: log\ndata: ");
                using (var json = new Utf8JsonWriter(buffer, WriterOptions))
                {
                    JsonSerializer.Serialize(json, log, ContractsJsonContext.Default.LogEvent);
                }
                Write(buffer, "\n\n");
            }
        }
        return new OutgoingFrame(buffer.WrittenMemory, logs.Count);
    }

    /// <summary>An envelope whose data is already JSON (stats and alerts arrive serialised from Redis).</summary>
    public static OutgoingFrame RawData(string type, ReadOnlySpan<byte> dataJson, StreamProtocol protocol, DateTimeOffset now, string sseEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(dataJson.Length + 96);
        if (protocol == StreamProtocol.WebSocket)
        {
            using var json = new Utf8JsonWriter(buffer, WriterOptions);
            json.WriteStartObject();
            json.WriteString("type"u8, type);
            json.WritePropertyName("data"u8);
            json.WriteRawValue(dataJson, skipInputValidation: true);
            json.WriteString("timestamp"u8, now);
            json.WriteEndObject();
        }
        else
        {
            Write(buffer, $"event: {sseEvent}\ndata: ");
            buffer.Write(dataJson);
            Write(buffer, "\n\n");
        }
        return new OutgoingFrame(buffer.WrittenMemory, 0);
    }

    /// <summary>A control envelope (connection_established, pong, error, dropped, ...) with a small object as data.</summary>
    public static OutgoingFrame Control(string type, StreamProtocol protocol, DateTimeOffset now, Action<Utf8JsonWriter>? writeData = null)
    {
        var data = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(data, WriterOptions))
        {
            json.WriteStartObject();
            writeData?.Invoke(json);
            json.WriteEndObject();
        }
        return RawData(type, data.WrittenSpan, protocol, now, type);
    }

    private static void Write(ArrayBufferWriter<byte> buffer, string text)
    {
        var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
