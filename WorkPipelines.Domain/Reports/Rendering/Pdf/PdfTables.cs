using PdfSharp.Drawing;

namespace WorkPipelines.Domain.Reports.Rendering.Pdf;

/// <summary>Tables with a coloured header row and zebra stripes; a table that breaks across pages repeats its header.</summary>
internal static class PdfTables
{
    private const double TitleHeight = 20;
    private const double HeaderHeight = 20;
    private const double RowHeight = 16.5;
    private const double Pad = 6;
    private const int LastRowsTogether = 3;

    public static void Draw(PdfCanvas canvas, ReportTable table, string currency)
    {
        var widths = Widths(canvas, table.Columns, canvas.Width);
        // Title, header and a few rows stay together; a lone header at the foot of a page helps nobody.
        canvas.Ensure(TitleHeight + HeaderHeight + RowHeight * Math.Min(3, Math.Max(1, table.Rows.Count)));
        canvas.Graphics.DrawString(table.Title, PdfTheme.Subheading, PdfTheme.Brush(PdfTheme.Ink),
            new XRect(canvas.Left, canvas.Y, canvas.Width, TitleHeight - 4), XStringFormats.CenterLeft);
        canvas.Y += TitleHeight;
        Header(canvas, table, widths);

        if (table.Rows.Count == 0)
        {
            canvas.Graphics.DrawString("No rows for this period.", PdfTheme.Small, PdfTheme.Brush(PdfTheme.Muted),
                new XRect(canvas.Left + Pad, canvas.Y, canvas.Width, RowHeight), XStringFormats.CenterLeft);
            canvas.Y += RowHeight;
        }
        for (var r = 0; r < table.Rows.Count; r++)
        {
            // A table's last rows stay together: a page holding one or two lone rows (and a repeated header) helps nobody.
            var together = r > 0 && r == table.Rows.Count - LastRowsTogether ? LastRowsTogether : 1;
            if (canvas.Ensure(RowHeight * together))
            {
                canvas.Graphics.DrawString($"{table.Title} (continued)", PdfTheme.SmallBold, PdfTheme.Brush(PdfTheme.Muted),
                    new XRect(canvas.Left, canvas.Y, canvas.Width, 16), XStringFormats.CenterLeft);
                canvas.Y += 18;
                Header(canvas, table, widths);
            }
            Row(canvas, table, table.Rows[r], widths, zebra: r % 2 == 1, currency);
        }
        canvas.Graphics.DrawLine(PdfTheme.Pen(PdfTheme.Rule), canvas.Left, canvas.Y, canvas.Left + canvas.Width, canvas.Y);
        canvas.Y += 16;
    }

    private static void Header(PdfCanvas canvas, ReportTable table, double[] widths)
    {
        var g = canvas.Graphics;
        g.DrawRectangle(PdfTheme.Brush(PdfTheme.Primary), canvas.Left, canvas.Y, canvas.Width, HeaderHeight);
        var x = canvas.Left;
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var column = table.Columns[c];
            g.DrawString(canvas.Fit(column.Name, PdfTheme.SmallBold, widths[c] - 2 * Pad), PdfTheme.SmallBold, XBrushes.White,
                new XRect(x + Pad, canvas.Y, widths[c] - 2 * Pad, HeaderHeight), Numeric(column.Format) ? XStringFormats.CenterRight : XStringFormats.CenterLeft);
            x += widths[c];
        }
        canvas.Y += HeaderHeight;
    }

    private static void Row(PdfCanvas canvas, ReportTable table, IReadOnlyList<string?> row, double[] widths, bool zebra, string currency)
    {
        var g = canvas.Graphics;
        if (zebra) g.DrawRectangle(PdfTheme.Brush(PdfTheme.Zebra), canvas.Left, canvas.Y, canvas.Width, RowHeight);
        var x = canvas.Left;
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var column = table.Columns[c];
            var text = ReportText.Cell(column.Format, c < row.Count ? row[c] : null, currency);
            g.DrawString(canvas.Fit(text, PdfTheme.Small, widths[c] - 2 * Pad), PdfTheme.Small, PdfTheme.Brush(PdfTheme.Ink),
                new XRect(x + Pad, canvas.Y, widths[c] - 2 * Pad, RowHeight), Numeric(column.Format) ? XStringFormats.CenterRight : XStringFormats.CenterLeft);
            x += widths[c];
        }
        canvas.Y += RowHeight;
    }

    /// <summary>Every header fits; what is left goes mostly to the first (name) column.</summary>
    private static double[] Widths(PdfCanvas canvas, IReadOnlyList<ReportColumn> columns, double total)
    {
        var weights = columns.Select((c, i) => i == 0 && c.Format == ValueFormat.Text ? 2.4 : c.Format == ValueFormat.Number ? 0.8 : 1.0).ToArray();
        var needed = columns.Select(c => canvas.Graphics.MeasureString(c.Name, PdfTheme.SmallBold).Width + 2 * Pad + 2).ToArray();
        var spare = total - needed.Sum();
        if (spare <= 0) return weights.Select(w => total * w / weights.Sum()).ToArray();
        return needed.Select((n, i) => n + spare * weights[i] / weights.Sum()).ToArray();
    }

    private static bool Numeric(ValueFormat format) => format is ValueFormat.Number or ValueFormat.Money or ValueFormat.Percent or ValueFormat.Minutes;
}
