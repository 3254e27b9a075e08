using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Metrics;

/// <summary>The median first reply from the rollup's per-day histograms: exact for whole minutes under an hour, within 1 % above.</summary>
[Collection(AppCollection.Name)]
public class MedianHistogramsTests(WorkAppFactory app)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(101)]
    [InlineData(1000)]
    public void Whole_minutes_under_an_hour_give_the_exact_median(int count)
    {
        var random = new Random(count);
        var values = Enumerable.Range(0, count).Select(_ => (double)random.Next(0, 60)).ToList();

        Assert.Equal(ExactMedian(values), MedianOf(values));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(500)]
    [InlineData(5000)]
    public void Longer_times_are_within_one_percent_of_the_exact_median(int count)
    {
        var random = new Random(count);
        var values = Enumerable.Range(0, count).Select(_ => random.Next(1, 600) + random.NextDouble() * (random.Next(2) == 0 ? 0 : 4000)).ToList();

        var exact = ExactMedian(values);
        Assert.True(exact > 60);
        Assert.InRange(MedianOf(values)!.Value, exact * 0.99, exact * 1.01);
    }

    [Fact]
    public void No_values_have_no_median() => Assert.Null(MedianHistograms.Median([]));

    [Fact]
    public async Task Data_synced_before_histograms_gets_them_at_start_up_and_reads_the_same_median()
    {
        var admin = await ApiUser.RegisterAsync(app, "median-backfill");
        var workspace = (await admin.MeAsync()).Workspace.WorkspaceId;
        var day = new DateOnly(2026, 5, 4);
        await app.InWorkspaceAsync(admin, async db =>
        {
            var zendesk = db.Connections.Add(new Connection
            {
                WorkspaceId = workspace, Provider = "zendesk", ProtectedCredentials = "-", BaseUrl = "https://example.invalid/", Status = ConnectionStatus.Healthy,
            }).Entity;
            foreach (var (id, minutes) in new[] { ("1", 12.0), ("2", 45), ("3", 7) })
            {
                db.SourceRecords.Add(new SourceRecord
                {
                    WorkspaceId = workspace, ConnectionId = zendesk.Id, Stream = "tickets", ExternalId = id, Date = day, SyncedAt = DateTimeOffset.UtcNow,
                    ValuesJson = JsonSerializer.Serialize(new Dictionary<string, double> { ["support.first_reply_minutes"] = minutes, ["support.first_reply_count"] = 1 }),
                });
            }
            await db.SaveChangesAsync();
            await new Rollups(db).RecomputeAsync(zendesk, [day]);
            // As an older version left it: the sums, no histogram.
            return await db.DailyMetrics.Where(m => m.Metric.EndsWith("#histogram")).ExecuteDeleteAsync();
        });
        Assert.Null(await MedianAsync(admin, day));

        await MedianHistograms.BackfillAsync(app.Services, NullLogger.Instance);

        Assert.Equal(12, await MedianAsync(admin, day));
        var rows = await app.InWorkspaceAsync(admin, db => db.DailyMetrics.CountAsync());
        await MedianHistograms.BackfillAsync(app.Services, NullLogger.Instance);
        Assert.Equal(rows, await app.InWorkspaceAsync(admin, db => db.DailyMetrics.CountAsync())); // once: nothing left to do
    }

    private Task<double?> MedianAsync(ApiUser admin, DateOnly day) =>
        app.InWorkspaceAsync(admin, db => MedianHistograms.ReadAsync(db, ["zendesk"], "support.first_reply_minutes", day, day));

    private static double? MedianOf(IEnumerable<double> values) =>
        MedianHistograms.Median(values.GroupBy(MedianHistograms.Bucket).Select(g => (g.Key, (double)g.Count())));

    private static double ExactMedian(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
