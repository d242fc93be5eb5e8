using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Web.Alerts;

/// <summary>
/// Source-generated JSON for the alerting API: snake_case wire names from the records' property names, and nulls left out
/// when writing (a PUT without <c>secret</c> keeps the stored secret).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AlertRuleDraft))]
[JsonSerializable(typeof(AlertRule))]
[JsonSerializable(typeof(AlertRuleList))]
[JsonSerializable(typeof(RuleTestResult))]
[JsonSerializable(typeof(IncidentList))]
[JsonSerializable(typeof(Incident))]
[JsonSerializable(typeof(AcknowledgeRequest))]
[JsonSerializable(typeof(SilenceDraft))]
[JsonSerializable(typeof(AlertSilence))]
[JsonSerializable(typeof(SilenceList))]
[JsonSerializable(typeof(ChannelDraft))]
[JsonSerializable(typeof(NotificationChannel))]
[JsonSerializable(typeof(ChannelList))]
[JsonSerializable(typeof(ChannelTestResult))]
[JsonSerializable(typeof(DeadDeliveryList))]
[JsonSerializable(typeof(GatewayProblem))]
[JsonSerializable(typeof(LogPlatform.Contracts.AlertNotice))]
public sealed partial class AlertsJsonContext : JsonSerializerContext;
