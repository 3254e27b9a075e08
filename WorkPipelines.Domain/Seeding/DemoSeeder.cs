using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Identity;

namespace WorkPipelines.Domain.Seeding;

/// <summary>On an empty database, creates a demo admin and workspace and prints how to sign in.</summary>
public static class DemoSeeder
{
    /// <returns>The password of the created admin, or null when nothing was created.</returns>
    public static async Task<string?> SeedDemoAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<DemoOptions>>().Value;
        var environment = services.GetRequiredService<IHostEnvironment>();
        if (!options.Enabled || environment.IsProduction()) return null;

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        if (await db.Users.AnyAsync(cancellationToken)) return null;

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var password = string.IsNullOrWhiteSpace(options.Password) ? GeneratePassword() : options.Password;
        var admin = new AppUser { UserName = options.Email, Email = options.Email, EmailConfirmed = true, DisplayName = "Demo Admin" };
        var result = await users.CreateAsync(admin, password);
        if (!result.Succeeded)
            throw new InvalidOperationException("Demo admin could not be created: " + string.Join(" ", result.Errors.Select(e => e.Description)));

        var workspace = await db.Workspaces.SingleAsync(w => w.Id == admin.CurrentWorkspaceId, cancellationToken);
        workspace.Name = options.WorkspaceName;
        await db.SaveChangesAsync(cancellationToken);

        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoSeeder));
        logger.LogWarning("First run: demo workspace '{Workspace}' created. Sign in as {Email} with password {Password}",
            options.WorkspaceName, options.Email, password);
        return password;
    }

    private static string GeneratePassword() =>
        "Demo-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant() + "!";
}
