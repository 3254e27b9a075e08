using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace WorkPipelines.Domain.Reports.Rendering.Pdf;

/// <summary>The report's type scale and colours (the app's indigo; green and red as on the dashboard).</summary>
internal static class PdfTheme
{
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);

    public static XFont Font(double size, bool bold = false) =>
        new(ReportFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode);

    public static readonly XFont Cover = Font(30, bold: true);
    public static readonly XFont CoverSub = Font(15);
    public static readonly XFont Heading = Font(17, bold: true);
    public static readonly XFont Subheading = Font(11, bold: true);
    public static readonly XFont Body = Font(10);
    public static readonly XFont BodyBold = Font(10, bold: true);
    public static readonly XFont Small = Font(8.5);
    public static readonly XFont SmallBold = Font(8.5, bold: true);
    public static readonly XFont TileValue = Font(17, bold: true);
    public static readonly XFont Tiny = Font(7.5);

    public static readonly XColor Primary = XColor.FromArgb(0x3f, 0x51, 0xb5);
    public static readonly XColor PrimaryDark = XColor.FromArgb(0x2c, 0x38, 0x7e);
    public static readonly XColor Ink = XColor.FromArgb(0x21, 0x21, 0x29);
    public static readonly XColor Muted = XColor.FromArgb(0x6b, 0x6f, 0x80);
    public static readonly XColor Rule = XColor.FromArgb(0xdd, 0xe0, 0xea);
    public static readonly XColor Tile = XColor.FromArgb(0xf4, 0xf5, 0xfb);
    public static readonly XColor Zebra = XColor.FromArgb(0xf6, 0xf7, 0xfc);
    public static readonly XColor NoteFill = XColor.FromArgb(0xff, 0xf8, 0xe1);
    public static readonly XColor NoteEdge = XColor.FromArgb(0xff, 0xb3, 0x00);
    public static readonly XColor Good = XColor.FromArgb(0x2e, 0x7d, 0x32);
    public static readonly XColor Bad = XColor.FromArgb(0xc6, 0x28, 0x28);

    /// <summary>Line colours, one per series.</summary>
    public static readonly XColor[] Series =
    [
        Primary, XColor.FromArgb(0x00, 0x96, 0x88), XColor.FromArgb(0xf5, 0x7c, 0x00), XColor.FromArgb(0xd8, 0x1b, 0x60),
        XColor.FromArgb(0x6d, 0x4c, 0x41), XColor.FromArgb(0x54, 0x6e, 0x7a),
    ];

    public static XSolidBrush Brush(XColor color) => new(color);
    public static XPen Pen(XColor color, double width = 0.75) => new(color, width);
}
