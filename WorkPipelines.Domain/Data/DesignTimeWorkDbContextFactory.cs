using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace WorkPipelines.Domain.Data;

/// <summary>Lets <c>dotnet ef migrations add --context WorkDbContext</c> (SQLite) run against this project alone.</summary>
internal sealed class DesignTimeWorkDbContextFactory : IDesignTimeDbContextFactory<WorkDbContext>
{
    public WorkDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<WorkDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add --context PostgresWorkDbContext</c> run with no server (adding a migration does not connect).</summary>
internal sealed class DesignTimePostgresWorkDbContextFactory : IDesignTimeDbContextFactory<PostgresWorkDbContext>
{
    public PostgresWorkDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresWorkDbContext>().UseNpgsql("Host=localhost;Database=workpipelines_design").Options);
}
