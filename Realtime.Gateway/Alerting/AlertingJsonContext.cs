using System.Text.Json.Serialization;
using LogPlatform.Alerting.Evaluation;
using LogPlatform.Alerting.Rules;

namespace Realtime.Gateway.Alerting;

/// <summary>Source-generated JSON for the alerting APIs' bodies.</summary>
[JsonSerializable(typeof(AlertRuleDraft))]
[JsonSerializable(typeof(BacktestResult))]
internal sealed partial class AlertingJsonContext : JsonSerializerContext;
