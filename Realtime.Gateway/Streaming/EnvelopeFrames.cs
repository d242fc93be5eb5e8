using System.Text.Json;

namespace Realtime.Gateway.Streaming;

/// <summary>
/// The platform's envelope, <c>{"type","data","timestamp"}</c>, on a WebSocket; on SSE the data alone, as an event named
/// for what it carries.
/// </summary>
public static class EnvelopeFrames
{
    /// <summary>An envelope whose data is already JSON (stats and alerts arrive serialised from Redis).</summary>
    public static OutgoingFrame RawData(string type, ReadOnlySpan<byte> dataJson, StreamProtocol protocol, DateTimeOffset now, string sseEvent)
    {
        var frame = new FrameBuilder(protocol, dataJson.Length + 96);
        var json = frame.BeginJson(sseEvent);
        if (protocol == StreamProtocol.WebSocket)
        {
            json.WriteStartObject();
            json.WriteString("type"u8, type);
            json.WritePropertyName("data"u8);
            json.WriteRawValue(dataJson, skipInputValidation: true);
            json.WriteString("timestamp"u8, now);
            json.WriteEndObject();
        }
        else
        {
            json.WriteRawValue(dataJson, skipInputValidation: true);
        }
        frame.EndJson();
        return frame.Build()!;
    }

    /// <summary>A control envelope (connection_established, pong, error, dropped, ...) with a small object as data.</summary>
    public static OutgoingFrame Control(string type, StreamProtocol protocol, DateTimeOffset now, Action<Utf8JsonWriter>? writeData = null)
    {
        var frame = new FrameBuilder(protocol, 192);
        WriteObject(frame, type, type, now, json => writeData?.Invoke(json));
        return frame.Build()!;
    }

    /// <summary>Writes one envelope into <paramref name="frame"/>, its data an object written by <paramref name="writeData"/>.</summary>
    public static void WriteObject(FrameBuilder frame, string type, string sseEvent, DateTimeOffset now, Action<Utf8JsonWriter> writeData)
    {
        var json = frame.BeginJson(sseEvent);
        var enveloped = frame.Protocol == StreamProtocol.WebSocket;
        if (enveloped)
        {
            json.WriteStartObject();
            json.WriteString("type"u8, type);
            json.WritePropertyName("data"u8);
        }
        json.WriteStartObject();
        writeData(json);
        json.WriteEndObject();
        if (enveloped)
        {
            json.WriteString("timestamp"u8, now);
            json.WriteEndObject();
        }
        frame.EndJson();
    }
}
