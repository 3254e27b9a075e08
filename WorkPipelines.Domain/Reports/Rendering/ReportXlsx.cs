using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace WorkPipelines.Domain.Reports.Rendering;

/// <summary>
/// A report as an Excel workbook: an Overview sheet, then one sheet per section. Row 1 of each sheet is the
/// first table's header, bold and frozen; further tables follow under a blank row. Numbers and dates are
/// typed cells (dates as serial numbers with a date format), so spreadsheets can sum and sort them.
/// </summary>
public static class ReportXlsx
{
    public static byte[] Render(ReportModel model)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = XlsxStyles.Create();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            AddSheet(workbook, sheets, XlsxStyles.SheetName("Overview", names), [Overview(model)], null);
            foreach (var section in model.Sections)
                AddSheet(workbook, sheets, XlsxStyles.SheetName(section.Title, names), ReportCsv.Tables(section).ToList(), section.Note);
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static ReportTable Overview(ReportModel model) => new("Overview", [new("Field", ValueFormat.Text), new("Value", ValueFormat.Text)],
    [
        ["Report", model.Title],
        ["Period", ReportText.PeriodName(model.PeriodKey)],
        ["From", Cells.Date(model.From)],
        ["To", Cells.Date(model.To)],
        ["Compared from", Cells.Date(model.CompareFrom)],
        ["Compared to", Cells.Date(model.CompareTo)],
        ["Generated (UTC)", model.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm")],
    ]);

    private static void AddSheet(WorkbookPart workbook, Sheets sheets, string name, IReadOnlyList<ReportTable> tables, string? note)
    {
        if (tables.Count == 0) tables = [new ReportTable(name, [new("Note", ValueFormat.Text)], [[note ?? "No data for this period."]])];
        else if (note is not null) tables = [new ReportTable("Note", [new("Note", ValueFormat.Text)], [[note]]), .. tables];

        var data = new SheetData();
        uint row = 0;
        for (var t = 0; t < tables.Count; t++)
        {
            var table = tables[t];
            if (t > 0)
            {
                row++; // blank line between tables
                data.AppendChild(Row(++row, [XlsxStyles.Text(table.Title, XlsxStyles.Bold)]));
            }
            data.AppendChild(Row(++row, table.Columns.Select(c => XlsxStyles.Text(c.Name, XlsxStyles.Bold)).ToList()));
            foreach (var cells in table.Rows)
                data.AppendChild(Row(++row, table.Columns.Select((c, i) => XlsxStyles.Cell(c.Format, i < cells.Count ? cells[i] : null)).ToList()));
        }

        var width = tables.Max(t => t.Columns.Count);
        var part = workbook.AddNewPart<WorksheetPart>();
        part.Worksheet = new Worksheet(
            new SheetViews(new SheetView(
                new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue>(["A2"]) })
            { WorkbookViewId = 0 }),
            new Columns(new Column { Min = 1, Max = (uint)width, Width = 20, CustomWidth = true }),
            data);
        sheets.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)sheets.ChildElements.Count + 1, Name = name });
    }

    private static Row Row(uint index, IReadOnlyList<Cell> cells)
    {
        for (var i = 0; i < cells.Count; i++) cells[i].CellReference = XlsxStyles.Column(i) + index;
        return new Row(cells) { RowIndex = index };
    }
}
