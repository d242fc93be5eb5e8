using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Migrator.Service.Model;

/// <summary>For <c>dotnet ef migrations add</c>: the model only, no database is contacted.</summary>
public sealed class DesignTimeLogsDbContextFactory : IDesignTimeDbContextFactory<LogsDbContext>
{
    public LogsDbContext CreateDbContext(string[] args)
        => new(new DbContextOptionsBuilder<LogsDbContext>().UseNpgsql("Host=localhost;Database=logs").Options);
}
