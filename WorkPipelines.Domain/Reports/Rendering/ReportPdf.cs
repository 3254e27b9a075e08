using PdfSharp.Drawing;
using WorkPipelines.Domain.Reports.Rendering.Pdf;

namespace WorkPipelines.Domain.Reports.Rendering;

/// <summary>Who the report is for and how to show its money and times.</summary>
public sealed record ReportPdfOptions(string? WorkspaceName = null, string Currency = "USD", string TimeZone = "UTC");

/// <summary>
/// A report as a PDF to share: a title page (report, workspace, period and comparison, when it was made,
/// contents), then each section with its KPI tiles, line charts of its days, tables and notes;
/// "Page n of m" in every footer. Fonts travel inside the file (see <see cref="ReportFonts"/>).
/// </summary>
public static class ReportPdf
{
    public static byte[] Render(ReportModel model, ReportPdfOptions? options = null)
    {
        options ??= new ReportPdfOptions();
        using var canvas = new PdfCanvas(model.Title);
        canvas.Document.Info.Subject = $"{model.Title}, {ReportText.Range(model.From, model.To)}";
        canvas.NewPage();
        PdfCover.Draw(canvas, model, options);

        List<(string Title, int Page)> contents = [];
        canvas.NewPage();
        foreach (var section in model.Sections)
        {
            // A section starts on a fresh page unless most of the page is still free.
            if (canvas.Y > PdfCanvas.Top && canvas.Remaining < 260) canvas.NewPage();
            contents.Add((section.Title, canvas.Document.PageCount));
            Section(canvas, section, section.Currency ?? options.Currency);
        }

        var footer = options.WorkspaceName is { Length: > 0 } name ? $"{model.Title} · {name}" : model.Title;
        canvas.Revisit((g, page, index) =>
        {
            if (index == 0) PdfCover.Contents(g, page, contents);
            Footer(g, page, footer, index + 1, canvas.Document.PageCount);
        });
        return canvas.Save();
    }

    private static void Section(PdfCanvas canvas, ReportSection section, string currency)
    {
        var g = canvas.Graphics;
        g.DrawString(section.Title, PdfTheme.Heading, PdfTheme.Brush(PdfTheme.PrimaryDark),
            new XRect(canvas.Left, canvas.Y, canvas.Width, 24), XStringFormats.CenterLeft);
        canvas.Y += 28;
        g.DrawLine(PdfTheme.Pen(PdfTheme.Primary, 1.2), canvas.Left, canvas.Y, canvas.Left + canvas.Width, canvas.Y);
        canvas.Y += 14;

        if (section.Note is { } note) Note(canvas, note);
        if (section.Kpis.Count > 0) PdfKpis.Draw(canvas, section.Kpis, currency);
        foreach (var group in section.Series.GroupBy(s => s.Format))
            PdfCharts.Draw(canvas, $"{section.Title} per day", group.ToList(), currency);
        foreach (var table in section.Tables) PdfTables.Draw(canvas, table, currency);
        canvas.Y += 8;
    }

    private static void Note(PdfCanvas canvas, string note)
    {
        var lines = canvas.Wrap(note, PdfTheme.Body, canvas.Width - 30);
        var height = lines.Count * 14 + 16;
        canvas.Ensure(height);
        var g = canvas.Graphics;
        g.DrawRectangle(PdfTheme.Brush(PdfTheme.NoteFill), canvas.Left, canvas.Y, canvas.Width, height);
        g.DrawRectangle(PdfTheme.Brush(PdfTheme.NoteEdge), canvas.Left, canvas.Y, 3, height);
        canvas.DrawWrapped(note, PdfTheme.Body, PdfTheme.Brush(PdfTheme.Ink), canvas.Left + 16, canvas.Y + 8, canvas.Width - 30, 14);
        canvas.Y += height + 14;
    }

    private static void Footer(XGraphics g, PdfSharp.Pdf.PdfPage page, string text, int number, int count)
    {
        var y = page.Height.Point - PdfCanvas.FooterHeight + 6;
        var width = page.Width.Point - 2 * PdfCanvas.Margin;
        g.DrawLine(PdfTheme.Pen(PdfTheme.Rule), PdfCanvas.Margin, y, PdfCanvas.Margin + width, y);
        g.DrawString(text, PdfTheme.Tiny, PdfTheme.Brush(PdfTheme.Muted), new XRect(PdfCanvas.Margin, y + 4, width * 0.75, 14), XStringFormats.CenterLeft);
        g.DrawString($"Page {number} of {count}", PdfTheme.Tiny, PdfTheme.Brush(PdfTheme.Muted), new XRect(PdfCanvas.Margin, y + 4, width, 14), XStringFormats.CenterRight);
    }
}
