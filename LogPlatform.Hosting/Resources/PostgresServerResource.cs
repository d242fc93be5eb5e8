using System.Diagnostics;
using LogPlatform.Hosting.Processes;
using Npgsql;

namespace LogPlatform.Hosting.Resources;

/// <summary>
/// PostgreSQL from the machine's packages: <c>initdb</c> into the data folder on first start, then <c>postgres</c> on
/// loopback. PostgreSQL refuses to run as root, so as root both run as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServerResource(string name, int port) : Resource(name)
{
    public const string User = "postgres";

    public int Port { get; } = port;
    public List<PostgresDatabaseResource> Databases { get; } = [];
    public override string Describe() => $"postgres://127.0.0.1:{Port}";

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=true;Maximum Pool Size=50;Timeout=15;Include Error Detail=true";

    /// <summary>For the AppHost's own short checks: the maintenance database, no pooling.</summary>
    internal string AdministrationConnectionString => ConnectionStringFor("postgres") + ";Pooling=false";

    private static bool IsRoot => Environment.UserName == "root";

    protected override async Task StartCoreAsync(HostingContext context, CancellationToken cancellationToken)
    {
        var bin = Prerequisites.PostgresBin();
        var dataDirectory = Path.Combine(context.DataDirectory, Name);
        var runAs = IsRoot ? User : null;

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            Directory.CreateDirectory(dataDirectory);
            if (runAs is not null) await RunToEndAsync("chown", ["-R", $"{User}:{User}", dataDirectory], cancellationToken);
            await RunToEndAsync(Path.Combine(bin, "initdb"), ["-D", dataDirectory, "-U", User, "--auth=trust", "-E", "UTF8", "--no-locale"], cancellationToken, runAs);
        }

        if (Processes.Count == 0)
        {
            string[] arguments =
            [
                "-D", dataDirectory, "-p", Port.ToString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                "-c", "max_connections=200", "-c", "shared_buffers=256MB",
                "-c", "max_wal_size=2GB", "-c", "checkpoint_timeout=15min",
            ];
            // SIGINT is PostgreSQL's "fast shutdown": ends sessions, checkpoints, exits cleanly.
            Processes.Add(new SupervisedProcess(Name,
                () => ProcessLauncher.StartAsync(Path.Combine(bin, "postgres"), arguments, "/", new Dictionary<string, string?>(), runAs),
                ProcessLauncher.SigInt));
        }
        await Processes[0].StartAsync();
        await WaitUntilAsync(async ct =>
        {
            // Unpooled: a pooled connection from before a restart would answer "healthy" without asking the server.
            await using var connection = new NpgsqlConnection(AdministrationConnectionString);
            await connection.OpenAsync(ct);
            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            return await ping.ExecuteScalarAsync(ct) is 1;
        }, TimeSpan.FromSeconds(60), cancellationToken);
    }

    private static async Task RunToEndAsync(string command, string[] arguments, CancellationToken cancellationToken, string? runAs = null)
    {
        using var process = await ProcessLauncher.StartAsync(command, arguments, "/", new Dictionary<string, string?>(), runAs);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new HostingException($"{Path.GetFileName(command)} failed ({process.ExitCode}): {(await errors).Trim()} {(await output).Trim()}");
        }
    }
}

/// <summary>A database on a PostgreSQL server; healthy once it exists and its initializer (the schema) has run.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource server)
    : Resource(name), IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;
    public PostgresServerResource Server { get; } = server;
    public List<Func<string, CancellationToken, Task>> Initializers { get; } = [];
    public string ConnectionString => Server.ConnectionStringFor(DatabaseName);
    public override string Describe() => $"{Server.Describe()}/{DatabaseName}";

    protected override async Task StartCoreAsync(HostingContext context, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(Server.AdministrationConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", DatabaseName);
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                // Identifiers cannot be parameters; the name comes from the app model, never from a request.
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName.Replace("\"", "\"\"")}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        // Once, here, before anything that waits for the database starts: replicas never race to migrate.
        var watch = Stopwatch.StartNew();
        foreach (var initialize in Initializers) await initialize(ConnectionString, cancellationToken);
        if (Initializers.Count > 0) ProcessOutput.Write(Name, $"schema applied in {watch.ElapsedMilliseconds} ms");
    }

    internal override Task StopAsync(TimeSpan grace)
    {
        State = ResourceState.Stopped;
        return Task.CompletedTask;
    }
}
