using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Annotations;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Seeding;

/// <summary>
/// Gives the demo workspace a few notes on its charts on its first run, as a team would write them, on days of its recent history
/// (the automatic "… connected" ones come from connecting its sources).
/// </summary>
public static class DemoAnnotations
{
    /// <summary>(days before today, days it lasted, panel or null for all, text).</summary>
    internal static readonly (int DaysAgo, int Days, string? Panel, string Text)[] Plan =
    [
        (20, 1, null, "Price change: plans up 10 %"),
        (12, 5, "revenue", "Sale week: 20 % off everything"),
        (4, 1, "email", "Newsletter sent"),
    ];

    public static async Task SetDemoAnnotationsAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<DemoOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoAnnotations));
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        var demo = await db.Users.Where(u => u.Email == options.Email).Select(u => new { u.Id, u.CurrentWorkspaceId }).FirstOrDefaultAsync(cancellationToken);
        if (demo?.CurrentWorkspaceId is not { } workspaceId) return;
        if (await db.Annotations.IgnoreQueryFilters().AnyAsync(a => a.WorkspaceId == workspaceId && a.Kind == AnnotationKind.User, cancellationToken)) return;

        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspaceId, options.WorkspaceName, demo.Id, WorkspaceRole.Admin);
        var today = await scope.ServiceProvider.GetRequiredService<PeriodResolver>().TodayAsync(cancellationToken);
        var notes = scope.ServiceProvider.GetRequiredService<AnnotationService>();
        foreach (var (daysAgo, days, panel, text) in Plan)
        {
            var from = today.AddDays(-daysAgo);
            var (result, _) = await notes.CreateAsync(new AnnotationInput(text, from, days > 1 ? from.AddDays(days - 1) : null, panel), cancellationToken);
            if (!result.Succeeded) logger.LogWarning("Demo note '{Text}' was not added: {Reason}", text, result.Message);
        }
    }
}
