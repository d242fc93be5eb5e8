using System.Text.Json;
using System.Text.Json.Serialization;
using LogPlatform.Contracts;

namespace Dashboard.Web.Gateway;

/// <summary>Source-generated serialisation for the shapes only the dashboard reads.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LiveStats[]))]
[JsonSerializable(typeof(Dashboard.Web.Analysis.PatternSummary[]))]
[JsonSerializable(typeof(Dashboard.Web.Analysis.PatternSummary))]
[JsonSerializable(typeof(Anomaly[]))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
