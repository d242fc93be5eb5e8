using System.Net;
using System.Net.Http.Headers;
using LogPlatform.Contracts;
using LogPlatform.Notifications.Channels;

namespace LogPlatform.Notifications.Sending;

/// <summary>
/// Posts one delivery to its channel. Every request carries the delivery id as <c>Idempotency-Key</c>, the same on every
/// attempt, so a receiver can drop the duplicate that at-least-once delivery sometimes sends.
/// </summary>
public sealed class ChannelPoster(HttpClient http, TimeProvider time)
{
    public async Task<DeliveryOutcome> PostAsync(NotificationChannel channel, NotificationDelivery delivery, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var body = NotificationBody.For(channel.Kind, delivery);
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Url ?? throw new InvalidOperationException($"Channel '{channel.Name}' has no URL.")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(WebhookSignature.IdempotencyHeader, delivery.DeliveryId);
        if (channel.Kind == ChannelKinds.Webhook && channel.Secret is { Length: > 0 } secret)
        {
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            if (response.IsSuccessStatusCode) return DeliveryOutcome.Success;
            var status = (int)response.StatusCode;
            var error = $"{channel.Url!.Host} answered {status} {response.ReasonPhrase}";
            // 408, 429 and 5xx may pass; any other 4xx is the request itself (a wrong URL or key) and will not.
            return status is 408 or 429 || status >= 500
                ? DeliveryOutcome.Retry(error, RetryAfter(response))
                : DeliveryOutcome.Fail(error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryOutcome.Retry($"{channel.Url!.Host} did not answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return DeliveryOutcome.Retry($"{channel.Url!.Host}: {e.Message}");
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
