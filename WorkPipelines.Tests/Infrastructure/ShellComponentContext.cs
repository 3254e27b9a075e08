using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using WorkPipelines.Domain;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Identity;
using WorkPipelines.Domain.Notifications;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Web.Components.Shared;

namespace WorkPipelines.Tests.Infrastructure;

/// <summary>
/// bUnit context for the shell: MudBlazor in loose JS mode, the real domain services on a temp
/// SQLite file, and a signed-in user whose workspace is resolved as the layout would.
/// </summary>
public abstract class ShellComponentContext : BunitContext, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "workpipelines-bunit", Guid.NewGuid().ToString("N"));

    protected const string UserId = "user-1";

    protected ShellComponentContext()
    {
        Directory.CreateDirectory(_folder);
        JSInterop.Mode = JSRuntimeMode.Loose;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Work"] = $"Data Source={Path.Combine(_folder, "work.db")}" })
            .Build();
        Services.AddLogging();
        Services.AddMudServices();
        Services.AddWorkPipelinesDomain(configuration);
        Services.AddScoped<ScopedWork>();
        Services.AddScoped<WorkPipelines.Web.Features.Sharing.ShareVisit>();
    }

    protected Workspace Home { get; private set; } = default!;

    protected CurrentWorkspace Workspace => Services.GetRequiredService<CurrentWorkspace>();

    public virtual async Task InitializeAsync()
    {
        // Here, not in the constructor: derived tests add their services first. Components
        // subscribe to run events only once interactive, as on a live circuit.
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        await Services.InitializeDatabaseAsync();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        db.Users.Add(new AppUser { Id = UserId, UserName = "ada@example.test", Email = "ada@example.test" });
        Home = scope.ServiceProvider.GetRequiredService<WorkspaceProvisioner>().AddWorkspace(UserId, "Ada's workspace");
        await db.SaveChangesAsync();
        Workspace.Set(Home.Id, Home.Name, UserId, WorkspaceRole.Admin);
    }

    protected async Task AddNotificationsAsync(params (string Title, bool Read)[] notifications)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        var now = DateTimeOffset.UtcNow;
        foreach (var (title, read) in notifications)
            db.Notifications.Add(new Notification { WorkspaceId = Home.Id, UserId = UserId, Title = title, CreatedAt = now, ReadAt = read ? now : null });
        await db.SaveChangesAsync();
    }

    protected IRenderedComponent<MudPopoverProvider> RenderPopovers() => Render<MudPopoverProvider>();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
