using System.Diagnostics;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;

namespace AppHost.Tests.Hosting;

/// <summary>
/// Publish mode: `AppHost --publisher manifest` writes an Aspire manifest in which Redis and PostgreSQL are Aspire's
/// container resources (deployable with standard Aspire tooling where containers exist), wired to the same services with
/// generated secrets.
/// </summary>
public sealed class ManifestTests
{
    private static readonly string AppHostDll = Path.Combine(AppContext.BaseDirectory, "AppHost.dll");

    [Fact]
    public async Task The_manifest_has_container_servers_the_services_their_references_and_generated_secrets()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("logplatform-manifest-").FullName, "manifest.json");
        var info = new ProcessStartInfo(Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath : "/usr/bin/dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { AppHostDll, "--publisher", "manifest", "--output-path", output }) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var log = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"publish failed ({process.ExitCode}): {await log}{await errors}");

        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        var resources = manifest.RootElement.GetProperty("resources");
        string Type(string name) => resources.GetProperty(name).GetProperty("type").GetString()!;
        string Env(string name, string key) => resources.GetProperty(name).GetProperty("env").GetProperty(key).GetString()!;

        Assert.Equal("container.v0", Type("redis"));
        Assert.StartsWith("docker.io/library/redis:", resources.GetProperty("redis").GetProperty("image").GetString());
        Assert.Equal("container.v0", Type("postgres"));
        Assert.StartsWith("docker.io/library/postgres:", resources.GetProperty("postgres").GetProperty("image").GetString());
        Assert.Equal("{postgres.connectionString};Database=logs", resources.GetProperty("logs").GetProperty("connectionString").GetString());
        foreach (var project in new[] { "migrator", "ingest", "worker", "stats", "gateway", "dashboard" }) Assert.Equal("project.v0", Type(project));

        Assert.Equal("{redis.connectionString}", Env("ingest", "ConnectionStrings__redis"));
        Assert.Equal("{logs.connectionString}", Env("migrator", "ConnectionStrings__logs"));
        foreach (var service in new[] { "worker", "gateway" })
        {
            Assert.Equal("{redis.connectionString}", Env(service, "ConnectionStrings__redis"));
            Assert.Equal("{logs.connectionString}", Env(service, "ConnectionStrings__logs"));
        }
        Assert.Equal("{gateway.bindings.http.url}", Env("dashboard", "services__gateway__http__0"));
        Assert.Equal("{ingest-api-key.value}", Env("ingest", "Ingest__ApiKeys__0"));
        // The dashboard's upload page sends files to ingest from its server, with the key as a parameter reference.
        Assert.Equal("{ingest.bindings.http.url}", Env("dashboard", "services__ingest__http__0"));
        Assert.Equal("{ingest-api-key.value}", Env("dashboard", "Dashboard__IngestApiKey"));
        Assert.Equal("{stream-token.value}", Env("gateway", "Gateway__Tokens__0"));

        // Secrets: the servers' passwords are generated at deployment; the key and the token are asked for, never defaulted.
        foreach (var password in new[] { "redis-password", "postgres-password" })
        {
            var input = resources.GetProperty(password).GetProperty("inputs").GetProperty("value");
            Assert.True(input.GetProperty("secret").GetBoolean());
            Assert.True(input.GetProperty("default").GetProperty("generate").GetProperty("minLength").GetInt32() >= 22);
        }
        foreach (var secret in new[] { "ingest-api-key", "stream-token" })
        {
            var input = resources.GetProperty(secret).GetProperty("inputs").GetProperty("value");
            Assert.True(input.GetProperty("secret").GetBoolean());
            Assert.False(input.TryGetProperty("default", out _));
        }
        Assert.DoesNotContain("dev-ingest-key", manifest.RootElement.GetRawText());
    }

    [Fact]
    public async Task The_app_model_runs_two_workers_and_gates_the_schema_users_on_the_migrator()
    {
        // Manifest v0 has no field for replicas: they are checked on the model itself.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();
        var worker = builder.Resources.Single(r => r.Name == "worker");
        Assert.Equal(2, worker.Annotations.OfType<ReplicaAnnotation>().Single().Replicas);
        foreach (var name in new[] { "worker", "gateway" })
        {
            var waits = builder.Resources.Single(r => r.Name == name).Annotations.OfType<WaitAnnotation>().ToList();
            Assert.Contains(waits, w => w.Resource.Name == "migrator" && w.WaitType == WaitType.WaitForCompletion);
            Assert.Contains(waits, w => w.Resource.Name == "redis");
        }
        var migrator = builder.Resources.Single(r => r.Name == "migrator").Annotations.OfType<WaitAnnotation>();
        Assert.Contains(migrator, w => w.Resource.Name == "logs");
    }
}
