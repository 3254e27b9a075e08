using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Sync;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Sync;

/// <summary>
/// The sync's write path on its own: pages become multi-row upserts of at most <see cref="RecordWriter.SqliteRowsPerStatement"/>
/// (SQLite) or <see cref="RecordWriter.PostgresRowsPerStatement"/> rows, the checkpoint moves with them, and rollups insert their sums the same way. Against a stream of its own
/// ("bulk"), beside the records the connection's first sync brought in.
/// </summary>
[Collection(AppCollection.Name)]
public class RecordWriterTests(WorkAppFactory app)
{
    private const string Stream = "bulk";

    [Fact]
    public async Task A_page_larger_than_one_statement_is_saved_whole_and_saving_it_again_updates_every_row()
    {
        var (admin, connection) = await ConnectAsync("bulkpage");
        // More than two statements' worth on either database.
        var size = RecordWriter.PostgresRowsPerStatement * 2 + 50;
        var day = new DateOnly(2026, 3, 1);
        var first = Enumerable.Range(0, size).Select(i => Record($"r{i}", day.AddDays(i % 7), i)).ToList();
        var again = Enumerable.Range(0, size).Select(i => Record($"r{i}", day.AddDays(i % 5), i * 10, dimension: "web")).ToList();

        // One writer for both pages, the connection not held open between them: its prepared statements must follow.
        await InScopeAsync(admin, async services =>
        {
            var writer = services.GetRequiredService<RecordWriter>();
            var checkpoint = new StreamCheckpoint { WorkspaceId = connection.WorkspaceId, ConnectionId = connection.Id, Stream = Stream };
            await writer.SavePageAsync(connection, checkpoint, first, "page-1", CancellationToken.None);
            var saved = await services.GetRequiredService<WorkDbContext>().SourceRecords.CountAsync(r => r.Stream == Stream);
            Assert.Equal(size, saved);
            await writer.SavePageAsync(connection, checkpoint, again, "page-2", CancellationToken.None);
            return true;
        });

        var rows = await app.InWorkspaceAsync(admin, db => db.SourceRecords.Where(r => r.Stream == Stream).ToListAsync());
        var stored = await app.InWorkspaceAsync(admin, db => db.StreamCheckpoints.SingleAsync(c => c.Stream == Stream));
        Assert.Equal(size, rows.Count);
        Assert.Equal(again.Select(r => (r.ExternalId, r.Date, r.Dimension, r.Values["orders.count"])).Order(),
            rows.Select(r => (r.ExternalId, r.Date, r.Dimension, System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double>>(r.ValuesJson)!["orders.count"])).Order());
        Assert.All(rows, r => Assert.Equal(connection.WorkspaceId, r.WorkspaceId));
        Assert.Equal("page-2", stored.Cursor);
        Assert.Equal(2L * size, stored.RecordsSynced);
    }

    [Fact]
    public async Task A_provider_id_twice_in_one_page_keeps_the_later_record()
    {
        var (admin, connection) = await ConnectAsync("bulktwice");
        var day = new DateOnly(2026, 4, 2);
        List<ConnectorRecord> page = [Record("a", day, 1), Record("b", day, 2), Record("a", day.AddDays(1), 3)];

        await InScopeAsync(admin, async services =>
        {
            var db = services.GetRequiredService<WorkDbContext>();
            // As a sync does: one open connection for all its pages.
            await db.Database.OpenConnectionAsync();
            await services.GetRequiredService<RecordWriter>().SavePageAsync(connection,
                new StreamCheckpoint { WorkspaceId = connection.WorkspaceId, ConnectionId = connection.Id, Stream = Stream }, page, null, CancellationToken.None);
            return true;
        });

        var rows = await app.InWorkspaceAsync(admin, db => db.SourceRecords.Where(r => r.Stream == Stream).OrderBy(r => r.ExternalId).ToListAsync());
        var stored = await app.InWorkspaceAsync(admin, db => db.StreamCheckpoints.SingleAsync(c => c.Stream == Stream));
        Assert.Equal(["a", "b"], rows.Select(r => r.ExternalId));
        Assert.Equal(day.AddDays(1), rows[0].Date);
        Assert.Contains("\"orders.count\":3", rows[0].ValuesJson);
        Assert.Null(stored.Cursor);
    }

    [Fact]
    public async Task Rollups_of_more_rows_than_one_statement_add_up_every_day_and_dimension()
    {
        var (admin, connection) = await ConnectAsync("bulkrollup");
        await app.InWorkspaceAsync(admin, async db =>
        {
            await db.SourceRecords.ExecuteDeleteAsync();
            return await db.DailyMetrics.ExecuteDeleteAsync();
        });
        var first = new DateOnly(2025, 1, 1);
        var days = Enumerable.Range(0, RecordWriter.PostgresRowsPerStatement + 60).Select(first.AddDays).ToList();
        // Two records a day, one with a dimension: per day orders.count 3 in total and 2 for "web".
        var records = days.SelectMany(d => new[] { Record($"x{d.DayNumber}", d, 1), Record($"y{d.DayNumber}", d, 2, dimension: "web") }).ToList();

        var written = await InScopeAsync(admin, async services =>
        {
            await services.GetRequiredService<RecordWriter>().SavePageAsync(connection,
                new StreamCheckpoint { WorkspaceId = connection.WorkspaceId, ConnectionId = connection.Id, Stream = Stream }, records, null, CancellationToken.None);
            return await services.GetRequiredService<Rollups>().RecomputeAsync(connection, days);
        });

        var metrics = await app.InWorkspaceAsync(admin, db => db.DailyMetrics.Where(m => m.Metric == "orders.count").ToListAsync());
        Assert.Equal(2 * 2 * days.Count, written); // orders.count and revenue.gross, each in total and for "web"
        Assert.Equal(days, metrics.Where(m => m.Dimension == "").Select(m => m.Date).Order());
        Assert.All(metrics.Where(m => m.Dimension == ""), m => Assert.Equal(3, m.Value));
        Assert.All(metrics.Where(m => m.Dimension == "web"), m => Assert.Equal(2, m.Value));
        Assert.All(metrics, m => Assert.Equal((connection.WorkspaceId, "stripe"), (m.WorkspaceId, m.Source)));
        Assert.Equal(days.Count, metrics.Count(m => m.Dimension == "web"));
    }

    private static ConnectorRecord Record(string id, DateOnly day, double orders, string dimension = "") =>
        new(id, day, dimension, new Dictionary<string, double> { ["orders.count"] = orders, ["revenue.gross"] = orders * 1.5 });

    private async Task<(ApiUser Admin, Connection Connection)> ConnectAsync(string name)
    {
        var admin = await ApiUser.RegisterAsync(app, name);
        await admin.ConnectSandboxAsync("stripe", historyDays: 1);
        await admin.WaitForIdleAsync();
        var connection = await app.InWorkspaceAsync(admin, db => db.Connections.AsNoTracking().SingleAsync(c => c.Provider == "stripe"));
        return (admin, connection);
    }

    private async Task<T> InScopeAsync<T>(ApiUser user, Func<IServiceProvider, Task<T>> work)
    {
        var me = await user.MeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(me.Workspace.WorkspaceId, me.Workspace.WorkspaceName, me.UserId, me.Workspace.Role);
        return await work(scope.ServiceProvider);
    }
}

/// <summary>The same on PostgreSQL: uuid and date columns, and its refusal to update one row twice in a statement.</summary>
[Collection(PostgresAppCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresRecordWriterTests(PostgresWorkAppFactory app) : RecordWriterTests(app);

/// <summary>The writer's own JSON of a record's measures is the serializer's, character for character.</summary>
public sealed class RecordWriterJsonTests
{
    [Fact]
    public void Values_are_written_as_the_serializer_writes_them()
    {
        var writer = new RecordWriter(null!, TimeProvider.System);
        List<Dictionary<string, double>> cases =
        [
            [],
            new() { ["revenue.gross"] = 129.5, ["orders.count"] = 1, ["currency.usd"] = 1 },
            new() { ["a\"b"] = -0.1, ["é<>&'"] = 1e21, ["x"] = 1.0 / 3, ["y"] = double.MaxValue, ["z"] = -0.0 },
        ];

        // The same writer twice in a row: its reused buffer must not carry anything over.
        foreach (var values in cases.Concat(cases))
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(values), writer.ValuesJson(values));
    }
}
