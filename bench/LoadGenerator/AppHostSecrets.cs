using System.Text.Json;

namespace LoadGenerator;

/// <summary>
/// The passwords the AppHost generated for its Redis and PostgreSQL, from its user secrets (where Aspire keeps generated
/// parameters), so the load generator reaches the servers of `./start.sh` without being told them.
/// </summary>
public static class AppHostSecrets
{
    /// <summary>AppHost.csproj's UserSecretsId.</summary>
    private const string UserSecretsId = "logplatform-apphost-5b0e7c1e";

    public static string? Get(string parameter)
    {
        var path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".microsoft", "usersecrets", UserSecretsId, "secrets.json");
        if (!File.Exists(path)) return null;
        using var secrets = JsonDocument.Parse(File.ReadAllText(path));
        return secrets.RootElement.TryGetProperty($"Parameters:{parameter}", out var value) ? value.GetString() : null;
    }
}
