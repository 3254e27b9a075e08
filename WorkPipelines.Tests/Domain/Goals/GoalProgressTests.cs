using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Goals;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Goals;

/// <summary>
/// Goals read from a workspace's daily metrics and raw records at a moment set by hand, in Berlin: the month and quarter the workspace
/// is in, not UTC's, and each past period's result computed from the data.
/// </summary>
[Collection(AppCollection.Name)]
public class GoalProgressTests(WorkAppFactory app)
{
    // 1 April 2026 00:30 in Berlin (+02:00), still 31 March in UTC.
    private static readonly DateTimeOffset AprilInBerlin = new(2026, 3, 31, 22, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Progress_counts_the_days_of_the_workspaces_month_and_history_the_months_before()
    {
        var admin = await SeedAsync("Europe/Berlin");

        var goal = await CreateAsync(admin, AprilInBerlin, new GoalInput("traffic.sessions", 1000, "month"));

        Assert.Equal(("April 2026", 50.0), (goal.Progress.Period, goal.Progress.Value));
        Assert.Equal(0.5 / (30 * 24), goal.Progress.Elapsed, precision: 12);
        Assert.Equal(GoalPace.Ahead, goal.Progress.Pace);
        Assert.Equal(["Oct", "Nov", "Dec", "Jan", "Feb", "Mar"], goal.History.Select(h => h.ShortName));
        Assert.Equal("October 2025", goal.History[0].Period);
        Assert.Equal([null, null, null, 200, 300, 100], goal.History.Select(h => h.Value));
        Assert.Equal([null, null, null, false, false, false], goal.History.Select(h => h.Met));
    }

    [Fact]
    public async Task In_UTC_the_same_moment_is_still_March()
    {
        var admin = await SeedAsync("UTC");

        var goal = await CreateAsync(admin, AprilInBerlin, new GoalInput("traffic.sessions", 100, "month"));

        Assert.Equal(("March 2026", 100.0), (goal.Progress.Period, goal.Progress.Value));
        Assert.Equal(GoalPace.Ahead, goal.Progress.Pace); // reached
        Assert.Equal(300, goal.History[^1].Value);
        Assert.True(goal.History[^1].Met);
    }

    [Fact]
    public async Task A_quarter_starts_on_the_first_of_April_in_Berlin()
    {
        var admin = await SeedAsync("Europe/Berlin");

        var goal = await CreateAsync(admin, AprilInBerlin, new GoalInput("traffic.sessions", 500, "quarter"));

        Assert.Equal(("Q2 2026", 50.0), (goal.Progress.Period, goal.Progress.Value));
        Assert.Equal(600, goal.History[^1].Value); // Q1: 200 + 300 + 100
        Assert.True(goal.History[^1].Met);
    }

    [Fact]
    public async Task First_reply_time_at_most_reads_the_median_of_the_raw_tickets()
    {
        var admin = await SeedAsync("Europe/Berlin");

        // April so far: tickets answered in 10, 20 and 30 minutes, median 20 against at most 24: 83 %.
        var goal = await CreateAsync(admin, AprilInBerlin, new GoalInput("support.first_reply", 24, "month"));

        Assert.Equal((GoalDirection.AtMost, 20.0), (goal.Direction, goal.Progress.Value));
        Assert.Equal(GoalPace.OnTrack, goal.Progress.Pace);
        Assert.Equal("83 % of the monthly limit so far this month — on track", goal.Progress.Sentence);
        Assert.Equal(50, goal.History[^1].Value); // March: one ticket at 50 minutes
        Assert.False(goal.History[^1].Met);
    }

    [Fact]
    public async Task A_metric_without_a_connected_source_says_what_to_connect()
    {
        var admin = await SeedAsync("UTC");

        var goal = await CreateAsync(admin, AprilInBerlin, new GoalInput("ad_spend", 100, "month"));

        Assert.Null(goal.Progress.Value);
        Assert.Equal("Connect Meta Ads to measure ad spend.", goal.Progress.Note);
        Assert.Equal("USD", goal.Currency);
    }

    [Fact]
    public async Task A_goal_on_a_number_the_dashboard_no_longer_has_still_lists_and_says_so()
    {
        var admin = await SeedAsync("UTC");
        var workspace = (await admin.MeAsync()).Workspace.WorkspaceId;
        await app.InWorkspaceAsync(admin, db =>
        {
            db.Goals.Add(new Goal { WorkspaceId = workspace, Metric = "traffic.bounce_rate", Target = 0.4, CreatedAt = DateTimeOffset.UtcNow });
            return db.SaveChangesAsync();
        });

        var goals = await InScopeAsync(admin, AprilInBerlin, g => g.ListAsync());

        var goal = Assert.Single(goals);
        Assert.Equal("This number is no longer on the dashboard; delete the goal or set it on another number.", goal.Progress.Note);
        Assert.Null(goal.Progress.Pace);
    }

    [Fact]
    public async Task The_demos_targets_come_from_the_recent_daily_pace_and_median()
    {
        var admin = await SeedAsync("UTC");
        var me = await admin.MeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(me.Workspace.WorkspaceId, me.Workspace.WorkspaceName, me.UserId, me.Workspace.Role);
        var reader = scope.ServiceProvider.GetRequiredService<MetricReader>();
        var today = new DateOnly(2026, 4, 2);

        // The 28 days before 2 April have sessions on 31 March (100) and 1 April (50): 75 a day, times April's 30 days, times 1.35.
        var sessions = await WorkPipelines.Domain.Seeding.DemoGoals.TargetAsync(reader, MetricCatalogue.Find("traffic.sessions")!, GoalCadence.Month, 1.35, today, default);
        // The same days' first replies: 50, 10, 30 and 20 minutes, median 25, times 1.2.
        var firstReply = await WorkPipelines.Domain.Seeding.DemoGoals.TargetAsync(reader, MetricCatalogue.Find("support.first_reply")!, GoalCadence.Month, 1.2, today, default);
        var spend = await WorkPipelines.Domain.Seeding.DemoGoals.TargetAsync(reader, MetricCatalogue.Find("ad_spend")!, GoalCadence.Month, 1, today, default);

        Assert.Equal(3040, sessions); // 3,037.5 to three figures
        Assert.Equal(30, firstReply);
        Assert.Null(spend); // no Meta Ads: no demo goal on it
    }

    private async Task<T> InScopeAsync<T>(ApiUser admin, DateTimeOffset now, Func<GoalService, Task<T>> work)
    {
        var me = await admin.MeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(me.Workspace.WorkspaceId, me.Workspace.WorkspaceName, me.UserId, me.Workspace.Role);
        return await work(ActivatorUtilities.CreateInstance<GoalService>(scope.ServiceProvider, (TimeProvider)new ManualTimeProvider(now)));
    }

    private async Task<GoalView> CreateAsync(ApiUser admin, DateTimeOffset now, GoalInput input)
    {
        var me = await admin.MeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(me.Workspace.WorkspaceId, me.Workspace.WorkspaceName, me.UserId, me.Workspace.Role);
        var goals = ActivatorUtilities.CreateInstance<GoalService>(scope.ServiceProvider, (TimeProvider)new ManualTimeProvider(now));
        var (result, created) = await goals.CreateAsync(input);
        Assert.True(result.Succeeded, result.Message);
        return (await goals.GetAsync(created!.Id))!;
    }

    // GA4 sessions on 10 Jan, 15 Feb, 31 Mar and 1 Apr; Zendesk tickets with first replies on 31 Mar and 1 Apr.
    private async Task<ApiUser> SeedAsync(string timeZone)
    {
        var admin = await ApiUser.RegisterAsync(app, "goals-progress");
        var workspace = (await admin.MeAsync()).Workspace.WorkspaceId;
        await app.InWorkspaceAsync(admin, async db =>
        {
            await db.Workspaces.Where(w => w.Id == workspace).ExecuteUpdateAsync(s => s.SetProperty(w => w.TimeZone, timeZone));
            var ga4 = NewConnection(db, workspace, "ga4");
            var zendesk = NewConnection(db, workspace, "zendesk");
            foreach (var (date, sessions) in new[] { ("2026-01-10", 200.0), ("2026-02-15", 300), ("2026-03-31", 100), ("2026-04-01", 50) })
                db.DailyMetrics.Add(new DailyMetric { WorkspaceId = workspace, Source = "ga4", Metric = "traffic.sessions", Date = DateOnly.Parse(date), Value = sessions });
            foreach (var (id, date, minutes) in new[] { ("1", "2026-03-31", 50.0), ("2", "2026-04-01", 10), ("3", "2026-04-01", 30), ("4", "2026-04-01", 20) })
            {
                db.SourceRecords.Add(new SourceRecord
                {
                    WorkspaceId = workspace, ConnectionId = zendesk.Id, Stream = "tickets", ExternalId = id, Date = DateOnly.Parse(date),
                    ValuesJson = JsonSerializer.Serialize(new Dictionary<string, double> { ["support.first_reply_minutes"] = minutes }), SyncedAt = DateTimeOffset.UtcNow,
                });
            }
            await db.SaveChangesAsync();
            // The median tile reads the histograms a sync's rollup writes from the raw tickets.
            return await new Rollups(db).RecomputeAsync(zendesk, [new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 1)]);
        });
        return admin;
    }

    private static Connection NewConnection(WorkDbContext db, Guid workspace, string provider)
    {
        var connection = new Connection
        {
            WorkspaceId = workspace, Provider = provider, ProtectedCredentials = "-", BaseUrl = "https://example.invalid/",
            Status = ConnectionStatus.Healthy, LastSuccessAt = DateTimeOffset.UtcNow,
        };
        db.Connections.Add(connection);
        return connection;
    }
}

/// <summary>The same on PostgreSQL.</summary>
[Collection(PostgresAppCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresGoalProgressTests(PostgresWorkAppFactory app) : GoalProgressTests(app);
