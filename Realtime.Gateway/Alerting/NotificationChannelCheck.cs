using System.Text.Json;
using LogPlatform.Notifications.Channels;
using LogPlatform.Storage.Alerting;

namespace Realtime.Gateway.Alerting;

/// <summary>
/// Checks a channel body and turns it into what is stored, in the format the sender reads (<c>PostgresChannelDirectory</c>):
/// a webhook's <c>{"url":...}</c> with the signing key as secret, Slack's and Discord's URL as the secret, an email's
/// <c>EmailSettings</c> with the SMTP password as secret.
/// </summary>
internal static class NotificationChannelCheck
{
    public const string Title = "Invalid notification channel";
    public const int MaxNameLength = 200;
    public const int MaxRecipients = 50;

    private static readonly string[] Kinds = [ChannelKinds.Webhook, ChannelKinds.Slack, ChannelKinds.Discord, ChannelKinds.Email];

    /// <param name="existing">The stored channel on an update: without a new <c>secret</c> its secret is kept, unless the kind changes.</param>
    public static bool TryCreate(NotificationChannelBody body, NotificationChannelRow? existing, out NotificationChannelWrite write,
        out Dictionary<string, string[]> errors)
    {
        errors = [];
        write = null!;
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name)) Add(errors, "name", "is required.");
        else if (name.Length > MaxNameLength) Add(errors, "name", $"must be at most {MaxNameLength} characters.");

        var kind = body.Kind;
        if (kind is null || !Kinds.Contains(kind))
        {
            Add(errors, "kind", $"{(kind is null ? "is required:" : $"'{kind}' is not")} one of {string.Join(", ", Kinds)}.");
            return false;
        }
        // A secret of another kind means something else (a signing key is no Slack URL): a changed kind needs its own.
        var keepSecret = body.Secret is null && existing is not null && existing.Kind == kind;
        var secretSet = keepSecret ? existing!.SecretSet : body.Secret is { Length: > 0 };
        string settings = "{}";
        switch (kind)
        {
            case ChannelKinds.Webhook:
                if (!IsHttpUrl(body.Url)) Add(errors, "url", "must be an absolute http or https URL.");
                else settings = JsonSerializer.Serialize(new Dictionary<string, string> { ["url"] = body.Url! }, AlertingJsonContext.Default.DictionaryStringString);
                if (body.Email is not null) Add(errors, "email", "applies only to kind 'email'.");
                break;
            case ChannelKinds.Slack or ChannelKinds.Discord:
                if (body.Url is not null) Add(errors, "url", $"is not used by {kind}: its webhook URL carries the credential, so send it as 'secret'.");
                if (body.Secret is not null && !IsHttpUrl(body.Secret)) Add(errors, "secret", $"must be the {kind} webhook URL (absolute http or https).");
                else if (!secretSet) Add(errors, "secret", $"is required: the {kind} webhook URL.");
                if (body.Email is not null) Add(errors, "email", "applies only to kind 'email'.");
                break;
            default:
                if (body.Url is not null) Add(errors, "url", "applies only to kind 'webhook'.");
                if (TryEmail(body.Email, errors) is { } email) settings = JsonSerializer.Serialize(email, AlertingJsonContext.Default.EmailSettings);
                break;
        }
        var systemAlerts = body.SystemAlerts?.Trim() is { Length: > 0 } routed ? routed : null;
        if (systemAlerts is not null && systemAlerts != "*"
            && systemAlerts.Split(',', StringSplitOptions.TrimEntries).Any(code => code.Length == 0 || !code.All(c => c is (>= 'a' and <= 'z') or '_')))
        {
            Add(errors, "system_alerts", "must be '*' (every system alert), a comma-separated list of codes such as 'queue_backlog,store_errors', or null.");
        }
        if (errors.Count > 0) return false;
        write = new NotificationChannelWrite(name!, kind, settings, body.Secret is { Length: > 0 } secret ? secret : null, keepSecret,
            systemAlerts, body.Enabled ?? existing?.Enabled ?? true);
        return true;
    }

    /// <summary>The stored settings back as the API shows them.</summary>
    public static NotificationChannelResponse Response(NotificationChannelRow row)
    {
        string? url = null;
        EmailSettings? email = null;
        if (row.Kind == ChannelKinds.Webhook)
        {
            using var settings = JsonDocument.Parse(row.Settings);
            url = settings.RootElement.TryGetProperty("url", out var value) ? value.GetString() : null;
        }
        else if (row.Kind == ChannelKinds.Email)
        {
            email = JsonSerializer.Deserialize(row.Settings, AlertingJsonContext.Default.EmailSettings);
        }
        return new NotificationChannelResponse
        {
            Id = row.Id, Name = row.Name, Kind = row.Kind, Enabled = row.Enabled, Url = url, Email = email, SystemAlerts = row.SystemAlerts,
            SecretSet = row.SecretSet, CreatedAt = row.CreatedAt, UpdatedAt = row.UpdatedAt,
        };
    }

    private static EmailSettings? TryEmail(EmailBody? email, Dictionary<string, string[]> errors)
    {
        if (email is null)
        {
            Add(errors, "email", "is required for kind 'email': to, from, host, and optionally port and username.");
            return null;
        }
        var to = email.To?.Select(a => a?.Trim() ?? "").ToList() ?? [];
        if (to.Count == 0) Add(errors, "email.to", "must list at least one address.");
        else if (to.Count > MaxRecipients) Add(errors, "email.to", $"must list at most {MaxRecipients} addresses.");
        else if (to.FirstOrDefault(a => !IsAddress(a)) is { } bad) Add(errors, "email.to", $"'{bad}' is not an email address.");
        if (!IsAddress(email.From?.Trim())) Add(errors, "email.from", "must be an email address.");
        if (string.IsNullOrWhiteSpace(email.Host) || Uri.CheckHostName(email.Host.Trim()) == UriHostNameType.Unknown)
        {
            Add(errors, "email.host", "must be the SMTP server's host name or address.");
        }
        if (email.Port is < 1 or > 65535) Add(errors, "email.port", "must be from 1 to 65535.");
        if (errors.Count > 0) return null;
        return new EmailSettings(to, email.From!.Trim(), email.Host!.Trim(), email.Port ?? 25,
            string.IsNullOrWhiteSpace(email.Username) ? null : email.Username.Trim());
    }

    private static bool IsHttpUrl(string? text)
        => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    private static bool IsAddress(string? text) => text is { Length: >= 3 and <= 320 } && text.IndexOf('@') is > 0 and var at
        && at < text.Length - 1 && !text.Any(char.IsWhiteSpace);

    private static void Add(Dictionary<string, string[]> errors, string field, string message) => errors.TryAdd(field, [message]);
}
