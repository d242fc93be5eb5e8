namespace Migrator.Service;

// A named entry point rather than top-level statements: those make a public global Program, which would clash with the
// Program of the service a test project references beside this one (for LogsSchema).
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
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
    }
}
