using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Identity;
using WorkPipelines.Domain.Notifications;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Tests.Domain.Workspaces;

public sealed class TenantFilterTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly Guid _a = Guid.CreateVersion7();
    private readonly Guid _b = Guid.CreateVersion7();

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        await using var db = Context(new CurrentWorkspace());
        await db.Database.MigrateAsync();
        db.Users.Add(new AppUser { Id = "u1", UserName = "u1" });
        db.Workspaces.AddRange(new Workspace { Id = _a, Name = "A" }, new Workspace { Id = _b, Name = "B" });
        db.Memberships.AddRange(new Membership { WorkspaceId = _a, UserId = "u1" }, new Membership { WorkspaceId = _b, UserId = "u1" });
        db.Notifications.AddRange(
            new Notification { WorkspaceId = _a, UserId = "u1", Title = "for A" },
            new Notification { WorkspaceId = _b, UserId = "u1", Title = "for B" });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_context_sees_only_its_workspaces_rows()
    {
        var workspace = new CurrentWorkspace();
        workspace.Set(_a, "A", "u1", WorkspaceRole.Admin);
        await using var db = Context(workspace);

        Assert.Equal(["for A"], await db.Notifications.Select(n => n.Title).ToListAsync());
        Assert.All(await db.Memberships.ToListAsync(), m => Assert.Equal(_a, m.WorkspaceId));
        Assert.Null(await db.Notifications.SingleOrDefaultAsync(n => n.Title == "for B"));
    }

    [Fact]
    public async Task An_unresolved_workspace_sees_nothing()
    {
        await using var db = Context(new CurrentWorkspace());

        Assert.Empty(await db.Notifications.ToListAsync());
        Assert.Empty(await db.Memberships.ToListAsync());
    }

    [Fact]
    public async Task Every_tenant_owned_entity_has_the_workspace_filter()
    {
        await using var db = Context(new CurrentWorkspace());

        var tenantTypes = db.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)).ToList();

        Assert.NotEmpty(tenantTypes);
        Assert.All(tenantTypes, e => Assert.NotEmpty(e.GetDeclaredQueryFilters()));
    }

    [Fact]
    public async Task A_pooled_context_serves_each_scope_only_that_scopes_workspace()
    {
        // The app's own registration: contexts come from a pool, so the one that served A's scope serves B's next.
        var folder = Directory.CreateTempSubdirectory("wp-pool-").FullName;
        var services = new ServiceCollection().AddScoped<CurrentWorkspace>();
        services.AddWorkDatabase(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Work"] = $"Data Source={Path.Combine(folder, "pool.db")};Pooling=False" }).Build());
        await using (var provider = services.BuildServiceProvider())
        {
            await using (var seed = provider.CreateAsyncScope())
            {
                var db = seed.ServiceProvider.GetRequiredService<WorkDbContext>();
                await db.Database.MigrateAsync();
                db.Users.Add(new AppUser { Id = "u1", UserName = "u1" });
                db.Workspaces.AddRange(new Workspace { Id = _a, Name = "A" }, new Workspace { Id = _b, Name = "B" });
                db.Notifications.AddRange(
                    new Notification { WorkspaceId = _a, UserId = "u1", Title = "for A" },
                    new Notification { WorkspaceId = _b, UserId = "u1", Title = "for B" });
                await db.SaveChangesAsync();
            }

            WorkDbContext? first = null;
            foreach (var (workspace, expected) in new (Guid?, string[])[] { (_a, ["for A"]), (_b, ["for B"]), (null, []), (_a, ["for A"]) })
            {
                await using var scope = provider.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
                // Resolved before the scope knows its workspace, as a request's context is: the filter reads it when it runs.
                if (workspace is { } id) scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(id, "", "u1", WorkspaceRole.Admin);
                first ??= db;

                Assert.Same(first, db);
                Assert.Equal(expected, await db.Notifications.Select(n => n.Title).ToListAsync());
            }
        }
        Directory.Delete(folder, recursive: true);
    }

    private WorkDbContext Context(CurrentWorkspace workspace) =>
        new WorkDbContext(new DbContextOptionsBuilder<WorkDbContext>().UseSqlite(_connection).Options).UseWorkspace(workspace);

    public async Task DisposeAsync() => await _connection.DisposeAsync();
}
