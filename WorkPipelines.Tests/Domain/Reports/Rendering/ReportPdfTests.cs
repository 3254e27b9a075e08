using UglyToad.PdfPig;
using WorkPipelines.Domain.Reports;
using WorkPipelines.Domain.Reports.Rendering;
using WorkPipelines.Tests.Web.Reports;

namespace WorkPipelines.Tests.Domain.Reports.Rendering;

/// <summary>The PDF renderer on hand-made models: page breaks, colours of changes, the title page.</summary>
public sealed class ReportPdfTests
{
    private static readonly DateOnly To = new(2026, 3, 31);

    [Fact]
    public void A_table_that_breaks_across_pages_repeats_its_header_on_each()
    {
        var rows = Enumerable.Range(0, 120).Select(i => (IReadOnlyList<string?>)[Cells.Date(To.AddDays(i - 119)), Cells.Number(1000 + i)]).ToList();
        var model = Model(new ReportSection("Revenue", [], [new ReportTable("By day", [new("Date", ValueFormat.Date), new("Gross", ValueFormat.Money)], rows)], []));

        var pages = ReportFilesTests.PdfPages(ReportPdf.Render(model));

        Assert.True(pages.Count >= 4, $"{pages.Count} pages for 120 rows");
        Assert.DoesNotContain("(continued)", pages[1]);
        Assert.All(pages.Skip(2), p => Assert.Contains("By day (continued) Date Gross", p));
        Assert.Contains("2 Dec 2025 $1,000.00", pages[1]);
        Assert.Contains("31 Mar 2026 $1,119.00", pages[^1]);
    }

    [Fact]
    public void A_table_never_leaves_one_or_two_rows_alone_on_a_page()
    {
        // However many rows, one of these lengths breaks a page just before its last row or two.
        for (var count = 30; count <= 110; count++)
        {
            var rows = Enumerable.Range(0, count).Select(i => (IReadOnlyList<string?>)[$"Row {i + 1} of {count}", Cells.Number(1000 + i)]).ToList();
            var model = Model(new ReportSection("Revenue", [], [new ReportTable("By day", [new("Day", ValueFormat.Text), new("Gross", ValueFormat.Money)], rows)], []));

            var pages = ReportFilesTests.PdfPages(ReportPdf.Render(model));

            var last = pages.Single(p => p.Contains($"Row {count} of {count} "));
            Assert.True(last.Contains($"Row {count - 2} of {count} "), $"{count} rows: the last page of the table has only {string.Join(", ", System.Text.RegularExpressions.Regex.Matches(last, @"Row \d+ of \d+").Select(m => m.Value))}");
        }
    }

    [Fact]
    public void Changes_are_green_when_good_and_red_when_bad()
    {
        var model = Model(new ReportSection("Revenue",
            [
                new("gross", "Gross revenue", ValueFormat.Money, 11000, 10000, 0.10, HigherIsBetter: true),
                new("refunds", "Refunds", ValueFormat.Money, 500, 400, 0.25, HigherIsBetter: false),
                new("orders", "Orders", ValueFormat.Number, 90, 100, -0.10, HigherIsBetter: true),
            ], [], []));

        using var document = PdfDocument.Open(ReportPdf.Render(model));
        var words = document.GetPage(2).GetWords().ToList();

        Assert.Equal(Green, Rgb(words.Single(w => w.Text == "+10%")));
        Assert.Equal(Red, Rgb(words.Single(w => w.Text == "+25%")));
        Assert.Equal(Red, Rgb(words.Single(w => w.Text == "−10%")));
        Assert.Contains(words, w => w.Text == "$11,000");
        Assert.Contains(words, w => w.Text == "$10,000");
    }

    [Fact]
    public void The_title_page_names_the_workspace_period_comparison_and_contents()
    {
        var model = Model(ReportSection.Empty("Highlights", "No data for this period."), new ReportSection("Support", [], [], [],
            "A source of Support is failing or paused."));

        var pages = ReportFilesTests.PdfPages(ReportPdf.Render(model, new ReportPdfOptions("Acme Ltd", "EUR", "Europe/Berlin")));

        Assert.Contains("Executive summary", pages[0]);
        Assert.Contains("Acme Ltd", pages[0]);
        Assert.Contains("Last month: 1 – 31 Mar 2026 (31 days)", pages[0]);
        Assert.Contains("1 – 28 Feb 2026", pages[0]);
        Assert.Contains("1 Apr 2026, 02:00 (Europe/Berlin)", pages[0]);
        Assert.Contains("Highlights 2", pages[0]);
        Assert.Contains("No data for this period.", pages[1]);
        Assert.Contains("Page 1 of 2", pages[0]);
    }

    private static readonly (int, int, int) Green = (0x2e, 0x7d, 0x32);
    private static readonly (int, int, int) Red = (0xc6, 0x28, 0x28);

    private static (int, int, int) Rgb(UglyToad.PdfPig.Content.Word word)
    {
        var (r, g, b) = word.Letters[0].Color.ToRGBValues();
        return ((int)Math.Round(r * 255), (int)Math.Round(g * 255), (int)Math.Round(b * 255));
    }

    private static ReportModel Model(params ReportSection[] sections) =>
        new("Executive summary", ReportType.Executive, "lastmonth", new DateOnly(2026, 3, 1), To, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28),
            new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), sections);
}
