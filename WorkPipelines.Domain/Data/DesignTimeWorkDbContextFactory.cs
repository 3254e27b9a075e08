using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> run against this project alone.</summary>
internal sealed class DesignTimeWorkDbContextFactory : IDesignTimeDbContextFactory<WorkDbContext>
{
    public WorkDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<WorkDbContext>().UseSqlite("Data Source=design.db").Options, new CurrentWorkspace());
}
