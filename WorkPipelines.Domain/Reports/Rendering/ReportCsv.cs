using System.Globalization;
using System.Text;

namespace WorkPipelines.Domain.Reports.Rendering;

/// <summary>
/// A report as one CSV (RFC 4180): a title line, then per section its KPI table and its tables one after
/// another, each as a title line, a header row and rows, separated by a blank line.
/// </summary>
public static class ReportCsv
{
    public static string Render(ReportModel model)
    {
        var csv = new StringBuilder();
        Line(csv, [$"{model.Title}, {model.From:yyyy-MM-dd} to {model.To:yyyy-MM-dd} (compared with {model.CompareFrom:yyyy-MM-dd} to {model.CompareTo:yyyy-MM-dd})"]);
        foreach (var section in model.Sections)
        {
            csv.Append("\r\n");
            Line(csv, [section.Title]);
            if (section.Note is { } note) Line(csv, [note]);
            foreach (var table in Tables(section))
            {
                if (table.Title != section.Title) Line(csv, [$"{section.Title}: {table.Title}"]);
                Line(csv, table.Columns.Select(c => c.Name));
                foreach (var row in table.Rows) Line(csv, table.Columns.Select((c, i) => Cell(c.Format, i < row.Count ? row[i] : null)));
            }
        }
        return csv.ToString();
    }

    internal static IEnumerable<ReportTable> Tables(ReportSection section) =>
        section.KpiTable() is { } kpis ? [kpis, .. section.Tables] : section.Tables;

    private static string Cell(ValueFormat format, string? value) => format switch
    {
        _ when value is null => "",
        ValueFormat.Text => value,
        ValueFormat.Date => value,
        ValueFormat.Percent => Cells.ParseNumber(value)?.ToString("0.####", CultureInfo.InvariantCulture) ?? "",
        _ => Cells.ParseNumber(value)?.ToString("0.##", CultureInfo.InvariantCulture) ?? "",
    };

    private static void Line(StringBuilder csv, IEnumerable<string> fields) =>
        csv.Append(string.Join(",", fields.Select(f => Quote(Safe(f))))).Append("\r\n");

    // A campaign called "=HYPERLINK(…)" must stay text in a spreadsheet; a negative number is still a number.
    private static string Safe(string value) =>
        value.Length > 0 && "=+-@\t\r".Contains(value[0]) && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "'" + value : value;

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{field.Replace("\"", "\"\"")}\"" : field;
}
