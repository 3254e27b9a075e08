using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using WorkPipelines.Domain.Reports;
using WorkPipelines.Domain.Reports.Rendering;

namespace WorkPipelines.Tests.Domain.Reports.Rendering;

/// <summary>The Excel renderer on a hand-made model: what a reader sees in the cells, not only what they hold.</summary>
public sealed class ReportXlsxTests
{
    [Fact]
    public void The_overview_names_the_period_in_words()
    {
        using var workbook = Open(Model());

        var overview = Rows(workbook, "Overview");

        Assert.Contains(["Period", "Last 30 days"], overview);
        Assert.DoesNotContain(overview, r => r.Contains("30d"));
    }

    [Fact]
    public void Whole_numbers_show_without_a_decimal_point_and_fractions_with_two_decimals()
    {
        using var workbook = Open(Model());
        var formats = NumberFormats(workbook, "Traffic");

        Assert.Equal("#,##0", formats["601"]);    // Excel wrote "601." under the old "#,##0.##"
        Assert.Equal("#,##0.00", formats["4.5"]);
        Assert.Equal("#,##0.00", formats["1234.5"]); // money
    }

    private static ReportModel Model() => new("Marketing", ReportType.Marketing, "30d", new DateOnly(2026, 11, 8), new DateOnly(2026, 12, 7),
        new DateOnly(2026, 10, 9), new DateOnly(2026, 11, 7), new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero),
        [
            new ReportSection("Traffic", [], [new ReportTable("By channel",
                [new("Channel", ValueFormat.Text), new("Sessions", ValueFormat.Number), new("Pages per session", ValueFormat.Number), new("Revenue", ValueFormat.Money)],
                [["Direct", Cells.Number(601), Cells.Number(4.5), Cells.Number(1234.5)]])], []),
        ]);

    private static SpreadsheetDocument Open(ReportModel model) => SpreadsheetDocument.Open(new MemoryStream(ReportXlsx.Render(model)), false);

    private static Worksheet Sheet(SpreadsheetDocument workbook, string name)
    {
        var part = workbook.WorkbookPart!;
        var sheet = part.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet;
    }

    private static List<string[]> Rows(SpreadsheetDocument workbook, string sheet) =>
        Sheet(workbook, sheet).Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InlineString?.Text?.Text ?? c.CellValue?.Text ?? "").ToArray()).ToList();

    // Each number cell's value with the format code Excel shows it in (built-in codes 3 and 4 are "#,##0" and "#,##0.00").
    private static Dictionary<string, string> NumberFormats(SpreadsheetDocument workbook, string sheet)
    {
        var styles = workbook.WorkbookPart!.WorkbookStylesPart!.Stylesheet;
        var cellFormats = styles.CellFormats!.Elements<CellFormat>().ToList();
        var custom = styles.NumberingFormats?.Elements<NumberingFormat>().ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value!) ?? [];
        var builtIn = new Dictionary<uint, string> { [0] = "General", [3] = "#,##0", [4] = "#,##0.00", [10] = "0.00%" };
        return Sheet(workbook, sheet).Descendants<Cell>().Where(c => c.CellValue is not null && c.DataType is null).ToDictionary(
            c => c.CellValue!.Text,
            c => cellFormats[(int)(c.StyleIndex?.Value ?? 0)].NumberFormatId?.Value is { } id ? custom.GetValueOrDefault(id) ?? builtIn[id] : "General");
    }
}
