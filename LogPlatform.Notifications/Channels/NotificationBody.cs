using System.Buffers;
using System.Text.Json;
using LogPlatform.Contracts;

namespace LogPlatform.Notifications.Channels;

/// <summary>
/// The JSON each channel kind posts. The generic webhook gets the whole notice (documented in the README); Slack's incoming
/// webhooks and Discord's webhooks get their own message formats, with one readable line and the figures.
/// </summary>
public static class NotificationBody
{
    public static byte[] For(string kind, NotificationDelivery delivery) => kind switch
    {
        ChannelKinds.Slack => Write(json => Slack(json, delivery.Notice)),
        ChannelKinds.Discord => Write(json => Discord(json, delivery.Notice)),
        _ => Write(json => Webhook(json, delivery)),
    };

    /// <summary>The webhook's <c>type</c>: <c>alert.firing</c>, <c>alert.repeat</c>, <c>alert.resolved</c>, <c>alert.test</c> or <c>system_alert</c>.</summary>
    public static string EventType(AlertNotice notice) => notice.State == AlertStates.System ? "system_alert" : "alert." + notice.State;

    /// <summary>One line a person reads first: "[FIRING] warning: Checkout errors (checkout): 42 errors in 5 min".</summary>
    public static string Headline(AlertNotice notice)
    {
        var group = notice.Group.Length > 0 ? $" ({notice.Group})" : "";
        return $"[{notice.State.ToUpperInvariant()}] {notice.Severity}: {notice.RuleName}{group}: {notice.Message}";
    }

    private static void Webhook(Utf8JsonWriter json, NotificationDelivery delivery)
    {
        json.WriteStartObject();
        json.WriteString("delivery_id"u8, delivery.DeliveryId);
        json.WriteString("type"u8, EventType(delivery.Notice));
        json.WritePropertyName("notice"u8);
        JsonSerializer.Serialize(json, delivery.Notice, ContractsJsonContext.Default.AlertNotice);
        json.WriteEndObject();
    }

    private static void Slack(Utf8JsonWriter json, AlertNotice notice)
    {
        json.WriteStartObject();
        json.WriteString("text"u8, Headline(notice));
        json.WriteStartArray("blocks"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "section");
        json.WriteStartObject("text"u8);
        json.WriteString("type"u8, "mrkdwn");
        json.WriteString("text"u8, $"*{Headline(notice)}*\nValue {notice.Value:G4} (threshold {notice.Threshold:G4}) since {notice.StartedAt:u}" +
                                    (notice.Filter.Length > 0 ? $"\nFilter `{notice.Filter}`" : ""));
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Discord(Utf8JsonWriter json, AlertNotice notice)
    {
        json.WriteStartObject();
        json.WriteString("content"u8, Headline(notice));
        json.WriteStartArray("embeds"u8);
        json.WriteStartObject();
        json.WriteString("title"u8, notice.RuleName);
        json.WriteString("description"u8, notice.Message);
        json.WriteNumber("color"u8, Colour(notice));
        json.WriteString("timestamp"u8, notice.Timestamp);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Discord's embed colour (0xRRGGBB): green resolved, red critical, amber otherwise.</summary>
    private static int Colour(AlertNotice notice) => notice.State == AlertStates.Resolved ? 0x2EA043
        : notice.Severity == "critical" ? 0xD73A49 : 0xDBAB09;

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer)) write(json);
        return buffer.WrittenSpan.ToArray();
    }
}
