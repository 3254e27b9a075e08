using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WorkPipelines.Domain;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Tests.Domain.Connectors;

/// <summary>The Domain alone, without WorkPipelines.Sandbox's <c>AddSandbox()</c>: the sandbox is asked for, not assumed.</summary>
public sealed class SandboxlessConnectTests
{
    [Fact]
    public async Task A_sandbox_connect_on_a_host_without_the_sandbox_is_refused_and_saves_nothing()
    {
        var folder = Directory.CreateTempSubdirectory("workpipelines-tests-");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:Work"] = $"Data Source={Path.Combine(folder.FullName, "work.db")};Pooling=false";
        builder.Services.AddWorkPipelinesDomain(builder.Configuration);
        using var host = builder.Build();
        await host.Services.InitializeDatabaseAsync();
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(Guid.CreateVersion7(), "A", null, WorkspaceRole.Admin);

        var (result, connection) = await scope.ServiceProvider.GetRequiredService<ConnectionService>()
            .ConnectAsync(new ConnectRequest("stripe", UseSandbox: true));

        Assert.False(result.Succeeded);
        Assert.Equal(ConnectionService.NoSandbox, result.Message);
        Assert.Null(connection);
        Assert.Null(host.Services.GetService<ISandbox>());
        Assert.False(await scope.ServiceProvider.GetRequiredService<WorkDbContext>().Connections.IgnoreQueryFilters().AnyAsync());
        folder.Delete(recursive: true);
    }
}
