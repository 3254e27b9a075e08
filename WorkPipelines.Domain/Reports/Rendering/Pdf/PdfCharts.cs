using System.Globalization;
using PdfSharp.Drawing;

namespace WorkPipelines.Domain.Reports.Rendering.Pdf;

/// <summary>Line charts of a section's daily series as vector graphics: gridlines, labelled axes, a legend.</summary>
internal static class PdfCharts
{
    private const double Height = 200;
    private const double TitleHeight = 20;
    private const double AxisLabels = 16;

    public static void Draw(PdfCanvas canvas, string title, IReadOnlyList<ReportSeries> series, string currency)
    {
        var days = series.Select(s => s.Days.Count).DefaultIfEmpty(0).Max();
        if (days == 0) return;
        canvas.Ensure(Height + 12);
        var g = canvas.Graphics;
        var top = canvas.Y;
        g.DrawString(title, PdfTheme.Subheading, PdfTheme.Brush(PdfTheme.Ink), new XRect(canvas.Left, top, canvas.Width, TitleHeight - 4), XStringFormats.CenterLeft);
        Legend(canvas, series, top);

        var format = series[0].Format;
        var values = series.SelectMany(s => s.Values).Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        var (min, max, step) = Scale(Math.Min(0, values.Min()), Math.Max(0, values.Max()));
        var labels = Enumerable.Range(0, (int)Math.Round((max - min) / step) + 1).Select(k => min + k * step).ToList();
        var labelWidth = labels.Max(v => g.MeasureString(ReportText.Short(format, v, currency), PdfTheme.Tiny).Width) + 8;

        var plot = new XRect(canvas.Left + labelWidth, top + TitleHeight + 6, canvas.Width - labelWidth - 6, Height - TitleHeight - 6 - AxisLabels);
        double Y(double v) => plot.Bottom - (v - min) / (max - min) * plot.Height;
        double X(int i) => days == 1 ? plot.Left + plot.Width / 2 : plot.Left + i * plot.Width / (days - 1);

        foreach (var v in labels)
        {
            g.DrawLine(PdfTheme.Pen(v == 0 ? PdfTheme.Muted : PdfTheme.Rule, v == 0 ? 0.8 : 0.5), plot.Left, Y(v), plot.Right, Y(v));
            g.DrawString(ReportText.Short(format, v, currency), PdfTheme.Tiny, PdfTheme.Brush(PdfTheme.Muted),
                new XRect(canvas.Left, Y(v) - 6, labelWidth - 6, 12), XStringFormats.CenterRight);
        }
        g.DrawLine(PdfTheme.Pen(PdfTheme.Muted, 0.8), plot.Left, plot.Top, plot.Left, plot.Bottom);

        var dates = series.First(s => s.Days.Count == days).Days;
        var every = Math.Max(1, (int)Math.Ceiling(days / 7.0));
        for (var i = 0; i < days; i += every)
        {
            g.DrawLine(PdfTheme.Pen(PdfTheme.Muted, 0.5), X(i), plot.Bottom, X(i), plot.Bottom + 3);
            g.DrawString(DayLabel(dates[i]), PdfTheme.Tiny, PdfTheme.Brush(PdfTheme.Muted), new XRect(X(i) - 30, plot.Bottom + 3, 60, 12), XStringFormats.Center);
        }

        for (var s = 0; s < series.Count; s++)
        {
            var pen = new XPen(PdfTheme.Series[s % PdfTheme.Series.Length], 1.6) { LineJoin = XLineJoin.Round, LineCap = XLineCap.Round };
            var points = series[s].Values.Select((v, i) => (v, i)).Where(p => double.IsFinite(p.v)).Select(p => new XPoint(X(p.i), Y(p.v))).ToArray();
            if (points.Length > 1) g.DrawLines(pen, points);
            else if (points.Length == 1) g.DrawEllipse(PdfTheme.Brush(pen.Color), points[0].X - 2, points[0].Y - 2, 4, 4);
        }
        canvas.Y = top + Height + 14;
    }

    private static void Legend(PdfCanvas canvas, IReadOnlyList<ReportSeries> series, double top)
    {
        var g = canvas.Graphics;
        var x = canvas.Left + canvas.Width;
        for (var s = series.Count - 1; s >= 0; s--)
        {
            var width = g.MeasureString(series[s].Name, PdfTheme.Small).Width;
            x -= width;
            g.DrawString(series[s].Name, PdfTheme.Small, PdfTheme.Brush(PdfTheme.Muted), new XRect(x, top, width, TitleHeight - 4), XStringFormats.CenterLeft);
            x -= 14;
            g.DrawRoundedRectangle(PdfTheme.Brush(PdfTheme.Series[s % PdfTheme.Series.Length]), new XRect(x, top + 4, 9, 9), new XSize(2, 2));
            x -= 12;
        }
    }

    /// <summary>An axis from min to max in 1, 2 or 5 × 10ⁿ steps, about four of them.</summary>
    internal static (double Min, double Max, double Step) Scale(double min, double max)
    {
        if (max - min < 1e-9) max = min + 1;
        var raw = (max - min) / 4;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(s => s >= raw);
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    private static string DayLabel(string day) =>
        DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("d MMM", CultureInfo.GetCultureInfo("en-US"))
            : day;
}
