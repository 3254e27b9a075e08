using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using UglyToad.PdfPig;
using WorkPipelines.Domain.Reports;
using WorkPipelines.Domain.Reports.Rendering;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Reports;

/// <summary>Every report type in every format, on a workspace fed by every sandbox.</summary>
[Collection(AppCollection.Name)]
public sealed class ReportFilesTests(WorkAppFactory app)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (WorkAppFactory App, ApiUser Admin, Dictionary<ReportType, ReportDetail> Reports)? _seeded;

    public static TheoryData<ReportType, string> TypesAndFormats()
    {
        var data = new TheoryData<ReportType, string>();
        foreach (var type in Enum.GetValues<ReportType>())
            foreach (var format in ReportService.Formats) data.Add(type, format);
        return data;
    }

    [Theory]
    [MemberData(nameof(TypesAndFormats))]
    public async Task Every_type_downloads_in_every_format_with_its_kpis(ReportType type, string format)
    {
        var (admin, report) = await ReportAsync(type);
        var kpis = report.Model!.Sections.First(s => s.Kpis.Count > 0).Kpis;

        var response = await admin.Client.GetAsync($"api/work/reports/{report.Report.Id}/download?format={format}");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{type.ToString().ToLowerInvariant()}-{report.Report.From:yyyyMMdd}-{report.Report.To:yyyyMMdd}.{format}",
            response.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        Assert.Contains(kpis, k => k.Value is > 0);
        switch (format)
        {
            case "pdf":
                Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
                var pages = PdfPages(bytes);
                Assert.True(pages.Count >= 2, $"{pages.Count} pages");
                var text = string.Join("\n", pages);
                Assert.All(kpis, k => Assert.Contains(k.Label, text));
                Assert.All(kpis, k => Assert.Contains(ReportText.Value(k.Format, k.Value), text));
                Assert.All(report.Model.Sections, s => Assert.Contains(s.Title, text));
                for (var i = 0; i < pages.Count; i++) Assert.Contains($"Page {i + 1} of {pages.Count}", pages[i]);
                await RenderPagesAsync(bytes, $"report-{type.ToString().ToLowerInvariant()}");
                break;
            case "xlsx":
                using (var workbook = SpreadsheetDocument.Open(new MemoryStream(bytes), false))
                {
                    var part = workbook.WorkbookPart!;
                    var sheets = part.Workbook.Sheets!.Elements<Sheet>().ToList();
                    Assert.Equal(report.Model.Sections.Count + 1, sheets.Count);
                    var cells = part.WorksheetParts.SelectMany(w => w.Worksheet.Descendants<Cell>())
                        .Select(c => c.InlineString?.Text?.Text ?? c.CellValue?.Text ?? "").ToHashSet();
                    Assert.All(kpis, k => Assert.Contains(k.Label, cells));
                }
                break;
            default:
                Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
                var lines = System.Text.Encoding.UTF8.GetString(bytes).Split("\r\n");
                Assert.StartsWith(report.Model.Title, lines[0].Trim('"'));
                Assert.All(kpis, k => Assert.Contains(lines, l => l.StartsWith(k.Label + ",")));
                break;
        }
    }

    [Fact]
    public async Task A_pdf_of_a_workspace_with_nothing_connected_says_so_on_a_numbered_page()
    {
        var user = await ApiUser.RegisterAsync(app, "empty-pdf");
        var response = await user.Client.PostAsJsonAsync("api/work/reports/generate", new { type = "Marketing", period = "lastmonth" });
        var report = await ReportsApiTests.WaitReadyAsync(user, response);

        var pdf = await user.Client.GetByteArrayAsync($"api/work/reports/{report.Report.Id}/download?format=pdf");
        var pages = PdfPages(pdf);

        Assert.Equal("lastmonth", report.Report.PeriodKey);
        Assert.Equal(1, report.Report.From.Day);
        Assert.Equal(report.Report.From.AddMonths(1).AddDays(-1), report.Report.To);
        Assert.True(pages.Count >= 2);
        Assert.Contains("Last month", pages[0]);
        Assert.Contains("Ads is not connected, so there is no data for this period.", string.Join("\n", pages));
        Assert.Contains($"Page 2 of {pages.Count}", pages[1]);
    }

    /// <summary>Each page's text, lines of words joined by spaces (PdfPig reads glyphs, not strings).</summary>
    internal static List<string> PdfPages(byte[] pdf)
    {
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
    }

    /// <summary>The title page and the first section as PNGs beside the browser screenshots, for a person to look at.</summary>
    internal static async Task RenderPagesAsync(byte[] pdf, string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotsDir);
        var file = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var start = new ProcessStartInfo("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "2", file, Path.Combine(BrowserFixture.ScreenshotsDir, name)])
            { RedirectStandardError = true };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftoppm did not start (apt-get install poppler-utils)");
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"pdftoppm failed: {errors}");
            // pdftoppm pads the page number to the width of the page count: name-1.png, or name-01.png from ten pages on.
            Assert.True(Directory.EnumerateFiles(BrowserFixture.ScreenshotsDir, $"{name}-*.png").Any(f => int.Parse(Path.GetFileNameWithoutExtension(f)[(name.Length + 1)..]) == 1),
                "pdftoppm wrote no first page");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<(ApiUser Admin, ReportDetail Report)> ReportAsync(ReportType type)
    {
        await Gate.WaitAsync();
        try
        {
            if (_seeded is not { } seeded || seeded.App != app)
            {
                var admin = await ApiUser.RegisterAsync(app, "files");
                foreach (var provider in new[] { "stripe", "ga4", "meta", "social", "mailchimp", "zendesk" })
                    await admin.ConnectSandboxAsync(provider, historyDays: 61);
                await admin.WaitForIdleAsync();
                _seeded = seeded = (app, admin, []);
            }
            if (!seeded.Reports.TryGetValue(type, out var report))
            {
                var response = await seeded.Admin.Client.PostAsJsonAsync("api/work/reports/generate", new { type = type.ToString(), period = "30d" });
                seeded.Reports[type] = report = await ReportsApiTests.WaitReadyAsync(seeded.Admin, response);
            }
            return (seeded.Admin, report);
        }
        finally
        {
            Gate.Release();
        }
    }
}
