using Migrator.Service;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("logs");
builder.AddMigrator();

using var host = builder.Build();
try
{
    await host.RunAsync();
}
catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
{
    // Before the worker ran: a missing or malformed ConnectionStrings:logs, in one line rather than a stack trace.
    await Console.Error.WriteLineAsync($"migrator: cannot start: {ex.Message}");
    return MigrationWorker.StartFailedExitCode;
}
return Environment.ExitCode;
