using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Reports;
using WorkPipelines.Domain.Reports.Schedules;
using WorkPipelines.Tests.Web.Pipelines;

namespace WorkPipelines.Tests.Infrastructure;

internal static class ScheduleSteps
{
    /// <summary>One scheduler tick as if the clock said <paramref name="now"/> (the runs it queues execute on the real worker).</summary>
    public static async Task TickAsync(this WorkAppFactory app, DateTimeOffset now)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<ScheduleDueReports>(scope.ServiceProvider, new ManualTimeProvider(now)).Invoke();
    }

    public static async Task<ReportScheduleView> CreateScheduleAsync(this ApiUser user, object body)
    {
        var response = await user.Client.PostAsJsonAsync("api/work/reports/schedules", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ReportScheduleView>(ApiUser.Json))!;
    }

    public static async Task<List<ReportScheduleView>> SchedulesAsync(this ApiUser user) =>
        (await user.Client.GetFromJsonAsync<List<ReportScheduleView>>("api/work/reports/schedules", ApiUser.Json))!;

    public static async Task<List<ReportSummary>> ReportsAsync(this ApiUser user) =>
        (await user.Client.GetFromJsonAsync<List<ReportSummary>>("api/work/reports", ApiUser.Json))!;

    /// <summary>Waits for the report's run to end (after the report itself, delivery and the notification), then reads the report.</summary>
    public static async Task<ReportDetail> WaitForReportAsync(this ApiUser user, Guid id)
    {
        var report = (await user.Client.GetFromJsonAsync<ReportDetail>($"api/work/reports/{id}", ApiUser.Json))!;
        var run = await PipelinesApiTests.WaitForAsync(user, report.Report.RunId!.Value, r => r.Status is PipelineRunStatus.Succeeded or PipelineRunStatus.Failed);
        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, run.Run.ErrorMessage);
        return (await user.Client.GetFromJsonAsync<ReportDetail>($"api/work/reports/{id}", ApiUser.Json))!;
    }
}
