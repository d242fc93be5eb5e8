using System.Text.Json.Serialization;
using LogPlatform.Alerting.Evaluation;
using LogPlatform.Alerting.Rules;
using LogPlatform.Notifications.Channels;

namespace Realtime.Gateway.Alerting;

/// <summary>
/// Source-generated JSON for the alerting APIs' bodies. The wire types name their fields; <see cref="EmailSettings"/> has
/// one-word properties, so the Web defaults write it as the sender stores it (<c>{"to","from","host","port","username"}</c>).
/// </summary>
[JsonSerializable(typeof(AlertRuleDraft))]
[JsonSerializable(typeof(BacktestResult))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(EmailSettings))]
[JsonSerializable(typeof(NotificationChannelBody))]
[JsonSerializable(typeof(NotificationChannelResponse))]
[JsonSerializable(typeof(NotificationChannelList))]
[JsonSerializable(typeof(TestDeliveryResponse))]
[JsonSerializable(typeof(AlertResponse))]
[JsonSerializable(typeof(AlertList))]
[JsonSerializable(typeof(AcknowledgeBody))]
[JsonSerializable(typeof(SilenceResponse))]
[JsonSerializable(typeof(SilenceList))]
[JsonSerializable(typeof(SilenceBody))]
[JsonSerializable(typeof(AlertRuleResponse))]
[JsonSerializable(typeof(AlertRuleList))]
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
internal sealed partial class AlertingJsonContext : JsonSerializerContext;
