using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace WorkPipelines.Domain.Reports.Rendering.Pdf;

/// <summary>
/// A flowing A4 document: a cursor that moves down the page, and a new page when what comes next does not fit.
/// Footers are drawn at the end, when the page count is known.
/// </summary>
internal sealed class PdfCanvas : IDisposable
{
    public const double Margin = 42;
    public const double Top = 48;
    public const double FooterHeight = 40;

    private XGraphics? _graphics;

    public PdfCanvas(string title)
    {
        ReportFonts.EnsureInstalled();
        Document.Info.Title = title;
        Document.Info.Creator = "Work Pipelines";
    }

    public PdfDocument Document { get; } = new();
    public PdfPage Page { get; private set; } = default!;
    public XGraphics Graphics => _graphics ?? throw new InvalidOperationException("no page yet");
    public double Y { get; set; }

    public double Left => Margin;
    public double Width => Page.Width.Point - 2 * Margin;
    public double Bottom => Page.Height.Point - FooterHeight - 12;
    public double Remaining => Bottom - Y;

    public void NewPage()
    {
        _graphics?.Dispose();
        Page = Document.AddPage();
        Page.Size = PageSize.A4;
        _graphics = XGraphics.FromPdfPage(Page);
        Y = Top;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    public bool Ensure(double height)
    {
        if (Y + height <= Bottom) return false;
        NewPage();
        return true;
    }

    /// <summary>Text wrapped to a width; returns the height used.</summary>
    public double DrawWrapped(string text, XFont font, XBrush brush, double x, double y, double width, double lineHeight)
    {
        var lines = Wrap(text, font, width);
        for (var i = 0; i < lines.Count; i++)
            Graphics.DrawString(lines[i], font, brush, new XRect(x, y + i * lineHeight, width, lineHeight), XStringFormats.CenterLeft);
        return lines.Count * lineHeight;
    }

    public List<string> Wrap(string text, XFont font, double width)
    {
        List<string> lines = [];
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && Graphics.MeasureString(candidate, font).Width > width)
            {
                lines.Add(line);
                line = word;
            }
            else line = candidate;
        }
        if (line.Length > 0) lines.Add(line);
        return lines;
    }

    /// <summary>Shortens text with an ellipsis until it fits.</summary>
    public string Fit(string text, XFont font, double width)
    {
        if (Graphics.MeasureString(text, font).Width <= width) return text;
        var cut = text.Length;
        while (cut > 1 && Graphics.MeasureString(text[..cut] + "…", font).Width > width) cut--;
        return text[..cut].TrimEnd() + "…";
    }

    /// <summary>Draws on every page again once all exist (footers, the contents of the title page).</summary>
    public void Revisit(Action<XGraphics, PdfPage, int> draw)
    {
        _graphics?.Dispose();
        _graphics = null;
        for (var i = 0; i < Document.PageCount; i++)
        {
            var page = Document.Pages[i];
            using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            draw(graphics, page, i);
        }
    }

    public byte[] Save()
    {
        _graphics?.Dispose();
        _graphics = null;
        using var stream = new MemoryStream();
        Document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        _graphics?.Dispose();
        Document.Dispose();
    }
}
