using System.Net.Sockets;
using LogPlatform.Contracts;
using LogPlatform.Notifications.Channels;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace LogPlatform.Notifications.Sending;

/// <summary>
/// Email over SMTP with MailKit: STARTTLS whenever the server offers it, authentication when the channel has a user. The
/// delivery id is the Message-Id, so a repeated attempt is recognisably the same message.
/// </summary>
public sealed class EmailSender
{
    public async Task<DeliveryOutcome> SendAsync(NotificationChannel channel, EmailSettings settings, NotificationDelivery delivery,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        using var smtp = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        try
        {
            await smtp.ConnectAsync(settings.Host, settings.Port, SecureSocketOptions.StartTlsWhenAvailable, limit.Token);
            if (settings.Username is { Length: > 0 } user) await smtp.AuthenticateAsync(user, channel.Secret ?? "", limit.Token);
            await smtp.SendAsync(Message(settings, delivery), limit.Token);
            await smtp.DisconnectAsync(quit: true, limit.Token);
            return DeliveryOutcome.Success;
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            // 5xx: the server refuses this message or recipient; sending it again will not help.
            return DeliveryOutcome.Fail($"{settings.Host} refused the email: {(int)e.StatusCode} {e.Message}");
        }
        catch (AuthenticationException e)
        {
            return DeliveryOutcome.Fail($"{settings.Host} refused the login: {e.Message}");
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or SocketException or IOException or ServiceNotConnectedException
                                       || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return DeliveryOutcome.Retry($"{settings.Host}:{settings.Port}: {e.Message}");
        }
    }

    /// <summary>Subject "[LogPlatform] FIRING warning: Checkout errors (checkout)"; a plain-text and an HTML part.</summary>
    public static MimeMessage Message(EmailSettings settings, NotificationDelivery delivery)
    {
        var notice = delivery.Notice;
        var group = notice.Group.Length > 0 ? $" ({notice.Group})" : "";
        var message = new MimeMessage
        {
            Subject = $"[LogPlatform] {notice.State.ToUpperInvariant()} {notice.Severity}: {notice.RuleName}{group}",
            MessageId = $"{delivery.DeliveryId}@logplatform",
        };
        message.From.Add(MailboxAddress.Parse(settings.From));
        foreach (var to in settings.To) message.To.Add(MailboxAddress.Parse(to));
        var text = $"""
            {notice.Message}

            Rule:      {notice.RuleName}{group}
            State:     {notice.State}
            Severity:  {notice.Severity}
            Value:     {notice.Value:G6} (threshold {notice.Threshold:G6})
            Started:   {notice.StartedAt:u}
            Filter:    {(notice.Filter.Length > 0 ? notice.Filter : "(all logs)")}
            """;
        var html = $"<p><strong>{Html(notice.Message)}</strong></p><table>" +
                   $"<tr><td>Rule</td><td>{Html(notice.RuleName + group)}</td></tr><tr><td>State</td><td>{Html(notice.State)}</td></tr>" +
                   $"<tr><td>Severity</td><td>{Html(notice.Severity)}</td></tr><tr><td>Value</td><td>{notice.Value:G6} (threshold {notice.Threshold:G6})</td></tr>" +
                   $"<tr><td>Started</td><td>{notice.StartedAt:u}</td></tr><tr><td>Filter</td><td><code>{Html(notice.Filter)}</code></td></tr></table>";
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return message;
    }

    private static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);
}
