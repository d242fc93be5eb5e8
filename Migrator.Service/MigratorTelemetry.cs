using System.Diagnostics;
using LogPlatform.Contracts;
using Migrator.Service.Schema;

namespace Migrator.Service;

/// <summary>The migrator's span (<see cref="TelemetryNames.Migrator"/>, subscribed by ServiceDefaults): one per schema run.</summary>
public static class MigratorTelemetry
{
    public static readonly ActivitySource Source = new(TelemetryNames.Migrator);

    public static Activity? StartApplySchema() => Source.StartActivity("apply schema");

    public static void Applied(Activity? activity, AppliedSchema schema)
    {
        activity?.SetTag("logplatform.migrator.migrations_applied", schema.Migrations.Count);
        activity?.SetTag("logplatform.migrator.partitions_from", schema.PartitionsFrom.ToString("O"));
        activity?.SetTag("logplatform.migrator.partitions_to", schema.PartitionsTo.ToString("O"));
    }

    public static void Failed(Activity? activity, Exception exception)
    {
        activity?.AddException(exception);
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
    }
}
