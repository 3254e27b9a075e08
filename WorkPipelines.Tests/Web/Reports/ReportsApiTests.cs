using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Reports;
using WorkPipelines.Domain.Reports.Builders;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Tests.Web.Pipelines;
using WorkPipelines.Web.Features.Reports;

namespace WorkPipelines.Tests.Web.Reports;

[Collection(AppCollection.Name)]
public class ReportsApiTests(WorkAppFactory app)
{
    private static JsonSerializerOptions Json => ApiUser.Json;

    [Fact]
    public async Task Revenue_report_files_carry_the_dashboards_numbers_in_typed_cells()
    {
        var admin = await ApiUser.RegisterAsync(app, "reporter");
        await admin.ConnectSandboxAsync("stripe", historyDays: 40);
        await admin.WaitForIdleAsync();

        var report = await GenerateAndWaitAsync(admin, "Revenue", "30d");
        var dashboard = (await admin.Client.GetFromJsonAsync<PanelData>("api/work/revenue?period=30d", Json))!;
        var gross = dashboard.Kpis.Single(k => k.Key == "gross");
        var xlsx = await admin.Client.GetAsync($"api/work/reports/{report.Report.Id}/download?format=xlsx");
        var csv = await admin.Client.GetAsync($"api/work/reports/{report.Report.Id}/download?format=csv");

        Assert.Equal(ReportStatus.Ready, report.Report.Status);
        Assert.True(report.Report.SizeBytes > 0);
        Assert.Equal(gross.Value!.Value, report.Model!.Sections.Single().Kpis.Single(k => k.Key == "gross").Value!.Value, tolerance: 1e-6);
        Assert.True(gross.Value > 0, "the sandbox should have sold something in 30 days");

        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        using (var workbook = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false))
        {
            var part = workbook.WorkbookPart!;
            var sheets = part.Workbook.Sheets!.Elements<Sheet>().ToList();
            Assert.Equal(["Overview", "Revenue"], sheets.Select(s => s.Name!.Value));
            var sheet = (WorksheetPart)part.GetPartById(sheets[1].Id!);
            var rows = sheet.Worksheet.Descendants<Row>().ToList();

            Assert.Equal(["KPI", "Value", "Previous", "Change"], rows[0].Elements<Cell>().Select(Text));
            Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.PaneStateValues.Frozen, sheet.Worksheet.Descendants<Pane>().Single().State!.Value);
            var grossRow = rows.Single(r => Text(r.Elements<Cell>().First()) == "Gross revenue").Elements<Cell>().ToList();
            Assert.Null(grossRow[1].DataType);
            Assert.Equal(gross.Value!.Value, double.Parse(grossRow[1].CellValue!.Text, CultureInfo.InvariantCulture), tolerance: 1e-6);

            var dayHeader = rows.FindIndex(r => Text(r.Elements<Cell>().First()) == "Date");
            var firstDay = rows[dayHeader + 1].Elements<Cell>().ToList();
            Assert.Null(firstDay[0].DataType);
            Assert.Equal(report.Report.From, DateOnly.FromDateTime(DateTime.FromOADate(double.Parse(firstDay[0].CellValue!.Text, CultureInfo.InvariantCulture))));
            Assert.Null(firstDay[1].DataType);
            var daySum = rows.Skip(dayHeader + 1).Take(30).Sum(r => double.Parse(r.Elements<Cell>().ElementAt(1).CellValue!.Text, CultureInfo.InvariantCulture));
            Assert.Equal(gross.Value!.Value, daySum, tolerance: 1e-4);
        }

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n");
        var kpiHeader = Array.IndexOf(lines, "KPI,Value,Previous,Change");
        var grossLine = lines.Single(l => l.StartsWith("Gross revenue,")).Split(',');
        var csvDayHeader = Array.FindIndex(lines, l => l.StartsWith("Date,"));
        Assert.True(kpiHeader > 0, "the CSV has a KPI header row");
        Assert.InRange(Math.Abs(double.Parse(grossLine[1], CultureInfo.InvariantCulture) - gross.Value!.Value), 0, 0.006);
        Assert.All(lines.Skip(csvDayHeader + 1).Take(30), l => Assert.NotNull(Cells.ParseDate(l.Split(',')[0])));
        Assert.Equal(report.Report.To, Cells.ParseDate(lines[csvDayHeader + 30].Split(',')[0]));
    }

    private static readonly SemaphoreSlim YearGate = new(1, 1);
    private static (WorkAppFactory App, ApiUser Admin)? _yearOfRevenue;

    [Theory]
    [InlineData("7d")]
    [InlineData("30d")]
    [InlineData("90d")]
    [InlineData("12m")]
    [InlineData("mtd")]
    [InlineData("lastmonth")]
    [InlineData("quarter")]
    [InlineData("lastquarter")]
    public async Task Every_period_reports_the_dashboards_numbers_for_the_same_days(string period)
    {
        var admin = await YearOfRevenueAsync();

        var report = await GenerateAndWaitAsync(admin, "Revenue", period);
        var (from, to) = (report.Report.From, report.Report.To);
        var dashboard = (await admin.Client.GetFromJsonAsync<PanelData>($"api/work/revenue?period=custom&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}", Json))!;

        var kpis = report.Model!.Sections.Single().Kpis;
        foreach (var key in new[] { "gross", "net", "customers", "refunds" })
            Assert.Equal(dashboard.Kpis.Single(k => k.Key == key).Value!.Value, kpis.Single(k => k.Key == key).Value!.Value, tolerance: 1e-6);
        Assert.True(dashboard.Kpis.Single(k => k.Key == "gross").Value > 0, $"the sandbox sold nothing in {period} ({from} – {to})");
    }

    // One workspace with 400 days of Stripe history, shared by the period rows (a sync per row would be slow).
    private async Task<ApiUser> YearOfRevenueAsync()
    {
        await YearGate.WaitAsync();
        try
        {
            if (_yearOfRevenue is { } seeded && ReferenceEquals(seeded.App, app)) return seeded.Admin;
            var admin = await ApiUser.RegisterAsync(app, "year");
            await admin.ConnectSandboxAsync("stripe", historyDays: 400);
            await admin.WaitForIdleAsync();
            _yearOfRevenue = (app, admin);
            return admin;
        }
        finally
        {
            YearGate.Release();
        }
    }

    [Fact]
    public async Task Executive_report_opens_with_its_largest_changes_in_words()
    {
        var admin = await ApiUser.RegisterAsync(app, "in-short");
        await admin.ConnectSandboxAsync("stripe", historyDays: 40);
        await admin.WaitForIdleAsync();

        var report = await GenerateAndWaitAsync(admin, "executive", "7d");
        var csv = await admin.Client.GetStringAsync($"api/work/reports/{report.Report.Id}/download?format=csv");

        var sections = report.Model!.Sections;
        Assert.Equal([ExecutiveSummary.Title, "Highlights"], sections.Take(2).Select(s => s.Title));
        Assert.Equal(ExecutiveSummary.Section(sections.Skip(1).ToList(), "USD")!.Note, sections[0].Note);
        Assert.Matches(@"^(\S.* (rose|fell) .*\.|No figure moved .*\.)$", sections[0].Note);
        Assert.Contains(sections[0].Note!, csv);
    }

    [Fact]
    public async Task Executive_report_with_nothing_connected_is_ready_and_says_there_is_no_data()
    {
        var admin = await ApiUser.RegisterAsync(app, "empty");

        var report = await GenerateAndWaitAsync(admin, "executive", "7d");
        var csv = await admin.Client.GetStringAsync($"api/work/reports/{report.Report.Id}/download?format=csv");
        var xlsx = await admin.Client.GetByteArrayAsync($"api/work/reports/{report.Report.Id}/download?format=xlsx");

        Assert.Equal(ReportStatus.Ready, report.Report.Status);
        Assert.Contains("No data for this period", Assert.Single(report.Model!.Sections).Note);
        Assert.Contains("No data for this period", csv);
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var highlights = workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "Highlights");
        var cells = ((WorksheetPart)workbook.WorkbookPart.GetPartById(highlights.Id!)).Worksheet.Descendants<Cell>().Select(Text).ToList();
        Assert.Contains(cells, c => c.Contains("No data for this period"));
    }

    [Theory]
    [InlineData("Executive")]
    [InlineData("Revenue")]
    [InlineData("Marketing")]
    [InlineData("Support")]
    [InlineData("PipelineHealth")]
    public async Task Every_report_type_on_an_empty_workspace_is_ready_and_never_blank(string type)
    {
        var admin = await ApiUser.RegisterAsync(app, "types");

        var report = await GenerateAndWaitAsync(admin, type, "mtd");
        var xlsx = await admin.Client.GetByteArrayAsync($"api/work/reports/{report.Report.Id}/download?format=xlsx");
        var list = await admin.Client.GetFromJsonAsync<List<ReportSummary>>("api/work/reports", Json);

        Assert.Equal(ReportStatus.Ready, report.Report.Status);
        Assert.Equal(Enum.Parse<ReportType>(type), report.Model!.Type);
        Assert.All(report.Model.Sections, s => Assert.True(s.Note is not null || s.Tables.Count > 0 || s.Kpis.Count > 0, $"section {s.Title} is blank"));
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        Assert.Equal(report.Model.Sections.Count + 1, workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Count());
        Assert.Equal(report.Report.Id, Assert.Single(list!).Id);
    }

    [Theory]
    [InlineData("{\"type\":\"Weekly\",\"period\":\"30d\"}", "unknown report type 'Weekly'; valid: Executive, Revenue, Marketing, Support, PipelineHealth")]
    [InlineData("{\"type\":\"1\",\"period\":\"30d\"}", "unknown report type '1'")]
    [InlineData("{\"type\":\"Revenue\",\"period\":\"2w\"}", "unknown period '2w'; valid: 7d, 30d, 90d, 12m, mtd, lastmonth, quarter, lastquarter, custom")]
    [InlineData("{\"type\":\"Revenue\",\"from\":\"2026-03-01\",\"to\":\"2026-02-01\"}", "before it starts")]
    [InlineData("{\"type\":\"Revenue\",\"period\":\"custom\",\"from\":\"2026-03-01\"}", "custom periods need from and to")]
    public async Task Bad_generate_requests_get_a_problem_naming_what_is_valid_and_create_nothing(string body, string message)
    {
        var user = await ApiUser.RegisterAsync(app);

        var response = await user.Client.PostAsync("api/work/reports/generate", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Empty((await user.Client.GetFromJsonAsync<List<ReportSummary>>("api/work/reports", Json))!);
    }

    [Theory]
    [InlineData("docx", "unknown format 'docx'; valid: pdf, xlsx, csv")]
    [InlineData("", "valid: pdf, xlsx, csv")]
    public async Task Unsupported_download_formats_get_a_problem_naming_the_valid_ones(string format, string message)
    {
        var user = await ApiUser.RegisterAsync(app);
        var id = await InsertReportAsync(user, ReportStatus.Ready);

        var response = await user.Client.GetAsync($"api/work/reports/{id}/download?format={format}");
        var csv = await user.Client.GetAsync($"api/work/reports/{id}/download?format=csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
    }

    [Fact]
    public async Task Downloading_a_report_still_generating_answers_409()
    {
        var user = await ApiUser.RegisterAsync(app);
        var id = await InsertReportAsync(user, ReportStatus.Generating);

        var download = await user.Client.GetAsync($"api/work/reports/{id}/download?format=xlsx");
        var pdf = await user.Client.GetAsync($"api/work/reports/{id}/download?format=pdf");
        var seen = await user.Client.GetFromJsonAsync<ReportDetail>($"api/work/reports/{id}", Json);

        Assert.Equal(HttpStatusCode.Conflict, download.StatusCode);
        Assert.Contains("still being generated", await download.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, pdf.StatusCode);
        Assert.Equal(ReportStatus.Generating, seen!.Report.Status);
        Assert.Null(seen.Model);
    }

    [Fact]
    public async Task Another_workspaces_report_answers_404_everywhere()
    {
        var owner = await ApiUser.RegisterAsync(app, "owner");
        var id = await InsertReportAsync(owner, ReportStatus.Ready);
        var stranger = await ApiUser.RegisterAsync(app, "stranger");

        var get = await stranger.Client.GetAsync($"api/work/reports/{id}");
        var download = await stranger.Client.GetAsync($"api/work/reports/{id}/download?format=csv");
        var delete = await stranger.Client.DeleteAsync($"api/work/reports/{id}");
        var list = await stranger.Client.GetFromJsonAsync<List<ReportSummary>>("api/work/reports", Json);
        var ownerGet = await owner.Client.GetAsync($"api/work/reports/{id}");

        Assert.All([get, download, delete], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Empty(list!);
        Assert.Equal(HttpStatusCode.OK, ownerGet.StatusCode);
    }

    [Fact]
    public async Task Members_cannot_delete_reports_and_admins_can()
    {
        var admin = await ApiUser.RegisterAsync(app, "chief");
        var member = await ApiUser.RegisterAsync(app, "clerk");
        await admin.AddMemberAsync(member, WorkspaceRole.Member);
        await member.Client.PostAsync($"api/work/workspaces/{(await admin.MeAsync()).Workspace.WorkspaceId}/switch", null);
        var id = await InsertReportAsync(admin, ReportStatus.Ready);

        var memberDelete = await member.Client.DeleteAsync($"api/work/reports/{id}");
        var stillThere = await member.Client.GetAsync($"api/work/reports/{id}");
        var adminDelete = await admin.Client.DeleteAsync($"api/work/reports/{id}");
        var gone = await admin.Client.GetAsync($"api/work/reports/{id}");

        Assert.Equal(HttpStatusCode.Forbidden, memberDelete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, adminDelete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static async Task<ReportDetail> GenerateAndWaitAsync(ApiUser user, string type, string period) =>
        await WaitReadyAsync(user, await user.Client.PostAsJsonAsync("api/work/reports/generate", new { type, period }));

    /// <summary>Follows a generate answer to the finished report.</summary>
    internal static async Task<ReportDetail> WaitReadyAsync(ApiUser user, HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var started = (await response.Content.ReadFromJsonAsync<ReportStarted>(Json))!;
        Assert.Equal($"/api/work/reports/{started.ReportId}", response.Headers.Location!.OriginalString);

        var run = await PipelinesApiTests.WaitForAsync(user, started.RunId, r => r.Status is PipelineRunStatus.Succeeded or PipelineRunStatus.Failed);
        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, run.Run.ErrorMessage);
        Assert.Equal(100, run.Run.ProgressPercent);
        Assert.Contains("sections done", run.Run.ProgressMessage);
        return (await user.Client.GetFromJsonAsync<ReportDetail>(started.Url.TrimStart('/'), Json))!;
    }

    /// <summary>A report row written straight to the database, so its status is whatever the test needs.</summary>
    private async Task<Guid> InsertReportAsync(ApiUser user, ReportStatus status)
    {
        var me = await user.MeAsync();
        var day = new DateOnly(2026, 1, 31);
        var model = new ReportModel("Support report", ReportType.Support, "7d", day.AddDays(-6), day, day.AddDays(-13), day.AddDays(-7), DateTimeOffset.UnixEpoch,
            [ReportSection.Empty("Support", "No data for this period.")]);
        return await app.InWorkspaceAsync(user, async db =>
        {
            var report = new Report
            {
                WorkspaceId = me.Workspace.WorkspaceId, Type = ReportType.Support, PeriodKey = "7d", From = model.From, To = model.To,
                CompareFrom = model.CompareFrom, CompareTo = model.CompareTo, Status = status, CreatedAt = DateTimeOffset.UnixEpoch,
                ModelJson = status == ReportStatus.Ready ? JsonSerializer.Serialize(model, ReportJson.Options) : null,
            };
            db.Reports.Add(report);
            await db.SaveChangesAsync();
            return report.Id;
        });
    }

    private static string Text(Cell cell) => cell.InlineString?.Text?.Text ?? cell.CellValue?.Text ?? "";
}
