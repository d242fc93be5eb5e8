using System.Net.WebSockets;
using System.Text.Json;

namespace AppHost.Tests.EndToEnd;

/// <summary>Reads the gateway's envelopes off a WebSocket, whole (large frames arrive in pieces).</summary>
public static class GatewaySocket
{
    public static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException($"Closed: {result.CloseStatusDescription}");
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        message.Position = 0;
        using var document = await JsonDocument.ParseAsync(message, cancellationToken: ct);
        return document.RootElement.Clone();
    }
}
