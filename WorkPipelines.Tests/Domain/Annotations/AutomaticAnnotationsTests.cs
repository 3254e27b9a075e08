using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Annotations;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Reports.Rendering;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Tests.Web.Annotations;

namespace WorkPipelines.Tests.Domain.Annotations;

/// <summary>
/// The app's own annotations on the engine: one per connect and per reconnect day, one for a sync that changed days the previous sync
/// had shown as complete (none for the first sync, none for a change of the previous sync's own day), each once however often the
/// event is written, and a dismissed one stays dismissed.
/// </summary>
[Collection(AppCollection.Name)]
public class AutomaticAnnotationsTests(WorkAppFactory app)
{
    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd"); // new workspaces are in UTC
    private static readonly string Since = DateTime.UtcNow.AddDays(-90).ToString("yyyy-MM-dd");

    [Fact]
    public async Task Connecting_and_reconnecting_add_one_annotation_each_and_a_dismissed_one_stays_dismissed()
    {
        var admin = await ApiUser.RegisterAsync(app, "auto-connect");
        await admin.ConnectSandboxAsync("stripe", historyDays: 3);
        await admin.WaitForIdleAsync();
        await admin.ConnectSandboxAsync("stripe", historyDays: 3);
        await admin.WaitForIdleAsync();
        await admin.ConnectSandboxAsync("stripe", historyDays: 3); // the same day: the same event
        await admin.WaitForIdleAsync();

        var notes = await AnnotationsApiTests.ListAsync(admin, Today, Today);
        var onRevenue = await AnnotationsApiTests.ListAsync(admin, Today, Today, "&panel=revenue");
        var onTraffic = await AnnotationsApiTests.ListAsync(admin, Today, Today, "&panel=traffic");
        var reconnected = notes.Single(a => a.Kind == AnnotationKind.Reconnected);
        var dismissed = await admin.Client.DeleteAsync($"api/work/annotations/{reconnected.Id}");
        await admin.ConnectSandboxAsync("stripe", historyDays: 3);
        await admin.WaitForIdleAsync();
        var afterwards = await AnnotationsApiTests.ListAsync(admin, Today, Today);
        var withDismissed = await AnnotationsApiTests.ListAsync(admin, Today, Today, "&includeDismissed=true");
        var change = await admin.Client.PutAsJsonAsync($"api/work/annotations/{notes[0].Id}", new { text = "mine now", date = Today });

        Assert.Equal([("Stripe connected", AnnotationKind.Connected), ("Stripe reconnected", AnnotationKind.Reconnected)],
            notes.Select(a => (a.Text, a.Kind)));
        Assert.All(notes, a => Assert.Equal(((string?)null, "stripe", "Revenue", true, true), (a.Panel, a.Source, a.PanelTitle, a.Automatic, a.CanChange)));
        Assert.Equal(2, onRevenue.Count); // Stripe feeds the revenue panel, not traffic
        Assert.Empty(onTraffic);
        // Each reconnect synced again, over data the first sync had brought in: no history changed, so no other annotation.
        Assert.Equal(HttpStatusCode.NoContent, dismissed.StatusCode);
        Assert.Equal(["Stripe connected"], afterwards.Select(a => a.Text));
        Assert.Equal(2, withDismissed.Count);
        Assert.NotNull(withDismissed.Single(a => a.Kind == AnnotationKind.Reconnected).DismissedAt);
        Assert.Equal(HttpStatusCode.Conflict, change.StatusCode);
    }

    [Fact]
    public async Task A_sync_that_changes_earlier_days_adds_one_band_over_them_once()
    {
        var admin = await ApiUser.RegisterAsync(app, "auto-history");
        await admin.ConnectSandboxAsync("stripe", historyDays: 30);
        await admin.WaitForIdleAsync();
        var connection = await app.InWorkspaceAsync(admin, db => db.Connections.AsNoTracking().SingleAsync(c => c.Provider == "stripe"));
        var changedDays = await ForgetDaysAsync(admin, connection, count: 3, before: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1));
        var afterFirstSync = await AnnotationsApiTests.ListAsync(admin, Since, Today);

        var run = await admin.SyncAndWaitAsync("stripe");
        var again = await admin.SyncAndWaitAsync("stripe"); // nothing changed this time
        var notes = await AnnotationsApiTests.ListAsync(admin, Since, Today);

        Assert.Equal(["Stripe connected"], afterFirstSync.Select(a => a.Text)); // the first sync brings history in; it changes none
        Assert.Equal((PipelineRunStatus.Succeeded, PipelineRunStatus.Succeeded), (run.Run.Status, again.Run.Status));
        var band = notes.Single(a => a.Kind == AnnotationKind.HistoryChanged);
        Assert.Equal($"Stripe sync changed 3 earlier days ({ReportText.Range(changedDays[0], changedDays[^1])})", band.Text);
        Assert.Equal((changedDays[0], (DateOnly?)changedDays[^1], "stripe"), (band.Date, band.EndDate, band.Source));
        Assert.Equal(2, notes.Count);
    }

    [Fact]
    public async Task A_sync_that_changes_only_the_previous_syncs_own_day_adds_none()
    {
        var admin = await ApiUser.RegisterAsync(app, "auto-today");
        await admin.ConnectSandboxAsync("stripe", historyDays: 30);
        await admin.WaitForIdleAsync();
        var connection = await app.InWorkspaceAsync(admin, db => db.Connections.AsNoTracking().SingleAsync(c => c.Provider == "stripe"));
        var day = (await ForgetDaysAsync(admin, connection, count: 1, before: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1)))[0];
        // As if the previous sync had run on that day: for it, the day was today, still filling up.
        await app.InWorkspaceAsync(admin, db => db.Connections.Where(c => c.Id == connection.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSuccessAt, new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero))));

        var run = await admin.SyncAndWaitAsync("stripe");
        var restored = await app.InWorkspaceAsync(admin, db => db.DailyMetrics.CountAsync(m => m.Source == "stripe" && m.Date == day && m.Dimension == ""));
        var notes = await AnnotationsApiTests.ListAsync(admin, Since, Today);

        Assert.Equal(PipelineRunStatus.Succeeded, run.Run.Status);
        Assert.True(restored > 0, "the sync should have brought the day's figures back");
        Assert.Equal(["Stripe connected"], notes.Select(a => a.Text));
    }

    [Fact]
    public async Task The_same_event_written_side_by_side_is_one_annotation()
    {
        var admin = await ApiUser.RegisterAsync(app, "auto-race");
        await admin.ConnectSandboxAsync("stripe", historyDays: 1);
        await admin.WaitForIdleAsync();
        var connection = await app.InWorkspaceAsync(admin, db => db.Connections.AsNoTracking().SingleAsync(c => c.Provider == "stripe"));
        var runId = Guid.CreateVersion7();
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

        // Eight writers of one event, each in its own scope as a retried run or a second instance would be.
        var written = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var automatic = scope.ServiceProvider.GetRequiredService<AutomaticAnnotations>();
            return i % 2 == 0
                ? await automatic.HistoryChangedAsync(connection, DateTimeOffset.UtcNow, [yesterday.AddDays(-3), yesterday.AddDays(-1)], runId)
                : await WriteConnectedAsync(automatic, connection);
        }));
        var rows = await app.InWorkspaceAsync(admin, db => db.Annotations.Select(a => a.Kind).ToListAsync());

        Assert.Equal(1, written.Where((_, i) => i % 2 == 0).Count(w => w));
        Assert.Equal([AnnotationKind.Connected, AnnotationKind.HistoryChanged], rows.Order());
    }

    private static async Task<bool> WriteConnectedAsync(AutomaticAnnotations automatic, Connection connection)
    {
        await automatic.ConnectedAsync(connection, reconnected: false, null);
        return false;
    }

    /// <summary>
    /// Takes the records of <paramref name="count"/> days before <paramref name="before"/> out and rolls those days up again, as if an
    /// earlier sync had not had them yet, and rewinds every stream, so the next sync reads them again from the provider.
    /// </summary>
    private async Task<List<DateOnly>> ForgetDaysAsync(ApiUser admin, Connection connection, int count, DateOnly before)
    {
        var me = await admin.MeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkPipelines.Domain.Workspaces.CurrentWorkspace>()
            .Set(me.Workspace.WorkspaceId, me.Workspace.WorkspaceName, me.UserId, me.Workspace.Role);
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        var days = (await db.DailyMetrics.Where(m => m.Source == "stripe" && m.Metric == "revenue.gross" && m.Dimension == "" && m.Value > 0 && m.Date < before)
            .Select(m => m.Date).Distinct().ToListAsync()).Order().TakeLast(count).ToList();
        Assert.Equal(count, days.Count);
        await db.SourceRecords.Where(r => r.ConnectionId == connection.Id && days.Contains(r.Date)).ExecuteDeleteAsync();
        await scope.ServiceProvider.GetRequiredService<Rollups>().RecomputeAsync(connection, days);
        await db.StreamCheckpoints.Where(c => c.ConnectionId == connection.Id).ExecuteDeleteAsync();
        return days;
    }
}

/// <summary>The same on PostgreSQL.</summary>
[Collection(PostgresAppCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresAutomaticAnnotationsTests(PostgresWorkAppFactory app) : AutomaticAnnotationsTests(app);
