namespace LogPlatform.Security;

/// <summary><c>Admin:Key</c> (env <c>Admin__Key</c>): the key of operator actions, sent as <c>X-Admin-Key</c>. None: they are refused.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    public string? Key { get; set; }
}
