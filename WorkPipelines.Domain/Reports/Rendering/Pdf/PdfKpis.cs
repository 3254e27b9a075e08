using PdfSharp.Drawing;

namespace WorkPipelines.Domain.Reports.Rendering.Pdf;

/// <summary>KPI tiles, three to a row: label, value, and the change against the comparison in green or red.</summary>
internal static class PdfKpis
{
    private const int PerRow = 3;
    private const double Gap = 10;
    private const double Height = 68;

    public static void Draw(PdfCanvas canvas, IReadOnlyList<ReportKpi> kpis, string currency)
    {
        var width = (canvas.Width - Gap * (PerRow - 1)) / PerRow;
        for (var i = 0; i < kpis.Count; i += PerRow)
        {
            canvas.Ensure(Height);
            for (var j = 0; j < PerRow && i + j < kpis.Count; j++)
                Tile(canvas, kpis[i + j], canvas.Left + j * (width + Gap), canvas.Y, width, currency);
            canvas.Y += Height + Gap;
        }
        canvas.Y += 4;
    }

    private static void Tile(PdfCanvas canvas, ReportKpi kpi, double x, double y, double width, string currency)
    {
        currency = kpi.Currency ?? currency;
        var g = canvas.Graphics;
        g.DrawRoundedRectangle(PdfTheme.Brush(PdfTheme.Tile), new XRect(x, y, width, Height), new XSize(8, 8));
        var inner = width - 24;
        g.DrawString(canvas.Fit(kpi.Label, PdfTheme.Small, inner), PdfTheme.Small, PdfTheme.Brush(PdfTheme.Muted),
            new XRect(x + 12, y + 8, inner, 14), XStringFormats.CenterLeft);
        g.DrawString(canvas.Fit(ReportText.Value(kpi.Format, kpi.Value, currency), PdfTheme.TileValue, inner), PdfTheme.TileValue,
            PdfTheme.Brush(PdfTheme.Ink), new XRect(x + 12, y + 23, inner, 24), XStringFormats.CenterLeft);

        var previous = kpi.Previous is null ? null : $"was {ReportText.Value(kpi.Format, kpi.Previous, currency)}";
        if (kpi.Change is { } change)
        {
            var color = ReportText.IsGood(kpi) switch { true => PdfTheme.Good, false => PdfTheme.Bad, _ => PdfTheme.Muted };
            var delta = ReportText.Change(change);
            g.DrawString(delta, PdfTheme.SmallBold, PdfTheme.Brush(color), new XRect(x + 12, y + 48, inner, 12), XStringFormats.CenterLeft);
            var used = g.MeasureString(delta + "  ", PdfTheme.SmallBold).Width;
            if (previous is not null)
                g.DrawString(canvas.Fit(previous, PdfTheme.Small, inner - used), PdfTheme.Small, PdfTheme.Brush(PdfTheme.Muted),
                    new XRect(x + 12 + used, y + 48, inner - used, 12), XStringFormats.CenterLeft);
        }
        else
        {
            g.DrawString(previous ?? "no comparison", PdfTheme.Small, PdfTheme.Brush(PdfTheme.Muted), new XRect(x + 12, y + 48, inner, 12), XStringFormats.CenterLeft);
        }
    }
}
