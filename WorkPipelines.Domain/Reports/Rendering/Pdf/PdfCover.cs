using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace WorkPipelines.Domain.Reports.Rendering.Pdf;

/// <summary>The title page: a coloured band with the report and workspace, the period facts, and the contents.</summary>
internal static class PdfCover
{
    private const double Band = 280;
    private const double ContentsTop = 490;

    public static void Draw(PdfCanvas canvas, ReportModel model, ReportPdfOptions options)
    {
        var g = canvas.Graphics;
        var pageWidth = canvas.Page.Width.Point;
        g.DrawRectangle(PdfTheme.Brush(PdfTheme.Primary), 0, 0, pageWidth, Band);
        g.DrawRectangle(PdfTheme.Brush(PdfTheme.PrimaryDark), 0, Band, pageWidth, 5);

        var light = PdfTheme.Brush(XColor.FromArgb(0xc5, 0xca, 0xe9));
        g.DrawString("WORK PIPELINES · REPORT", PdfTheme.SmallBold, light, new XRect(canvas.Left, 70, canvas.Width, 14), XStringFormats.CenterLeft);
        var titleHeight = canvas.DrawWrapped(model.Title, PdfTheme.Cover, XBrushes.White, canvas.Left, 100, canvas.Width, 38);
        if (options.WorkspaceName is { Length: > 0 } name)
            g.DrawString(canvas.Fit(name, PdfTheme.CoverSub, canvas.Width), PdfTheme.CoverSub, light,
                new XRect(canvas.Left, 100 + titleHeight + 8, canvas.Width, 22), XStringFormats.CenterLeft);
        g.DrawString(ReportText.Range(model.From, model.To), PdfTheme.Font(13, bold: true), XBrushes.White,
            new XRect(canvas.Left, Band - 56, canvas.Width, 20), XStringFormats.CenterLeft);

        var days = model.To.DayNumber - model.From.DayNumber + 1;
        var y = Band + 48;
        Fact(canvas, "Period", $"{ReportText.PeriodName(model.PeriodKey)}: {ReportText.Range(model.From, model.To)} ({days} {(days == 1 ? "day" : "days")})", ref y);
        Fact(canvas, "Compared with", ReportText.Range(model.CompareFrom, model.CompareTo), ref y);
        Fact(canvas, "Generated", Generated(model.GeneratedAt, options.TimeZone), ref y);
    }

    /// <summary>Drawn last, when every section's page is known.</summary>
    public static void Contents(XGraphics g, PdfPage page, IReadOnlyList<(string Title, int Page)> contents)
    {
        var left = PdfCanvas.Margin;
        var width = page.Width.Point - 2 * PdfCanvas.Margin;
        g.DrawString("Contents", PdfTheme.Subheading, PdfTheme.Brush(PdfTheme.PrimaryDark), new XRect(left, ContentsTop, width, 18), XStringFormats.CenterLeft);
        var y = ContentsTop + 26;
        foreach (var (title, number) in contents.Take(12))
        {
            g.DrawString(title, PdfTheme.Body, PdfTheme.Brush(PdfTheme.Ink), new XRect(left, y, width - 40, 16), XStringFormats.CenterLeft);
            g.DrawString(number.ToString(), PdfTheme.Body, PdfTheme.Brush(PdfTheme.Muted), new XRect(left, y, width, 16), XStringFormats.CenterRight);
            g.DrawLine(new XPen(PdfTheme.Rule, 0.5) { DashStyle = XDashStyle.Dot }, left, y + 15, left + width, y + 15);
            y += 20;
        }
    }

    private static void Fact(PdfCanvas canvas, string label, string value, ref double y)
    {
        canvas.Graphics.DrawString(label.ToUpperInvariant(), PdfTheme.Tiny, PdfTheme.Brush(PdfTheme.Muted), new XRect(canvas.Left, y, canvas.Width, 12), XStringFormats.CenterLeft);
        canvas.Graphics.DrawString(value, PdfTheme.BodyBold, PdfTheme.Brush(PdfTheme.Ink), new XRect(canvas.Left, y + 13, canvas.Width, 18), XStringFormats.CenterLeft);
        y += 44;
    }

    private static string Generated(DateTimeOffset at, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return $"{ReportText.Day(DateOnly.FromDateTime(local.DateTime))}, {local:HH:mm} ({(zone == TimeZoneInfo.Utc ? "UTC" : zone.Id)})";
    }
}
