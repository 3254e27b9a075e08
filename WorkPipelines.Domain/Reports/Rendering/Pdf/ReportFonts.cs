using PdfSharp.Fonts;

namespace WorkPipelines.Domain.Reports.Rendering.Pdf;

/// <summary>
/// Serves Inter (SIL OFL 1.1) from this assembly's resources to PDFsharp, which finds no fonts by itself
/// on Linux. Inter rather than DejaVu: a tighter, modern face that reads well in dense tables, and it has
/// every glyph reports use (€, £, −, –, …). Every family name resolves to Inter, so no report can fail on a font.
/// </summary>
internal sealed class ReportFonts : IFontResolver
{
    public const string Family = "Inter";
    private const string Regular = "Inter-Regular";
    private const string Bold = "Inter-Bold";

    // PDFsharp wants the same resolver instance every time it is set, and only before the first font is used.
    private static readonly ReportFonts Instance = new();
    private static readonly Lock Gate = new();

    public static void EnsureInstalled()
    {
        if (ReferenceEquals(GlobalFontSettings.FontResolver, Instance)) return;
        lock (Gate)
        {
            if (!ReferenceEquals(GlobalFontSettings.FontResolver, Instance)) GlobalFontSettings.FontResolver = Instance;
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, false, italic);

    public byte[] GetFont(string faceName)
    {
        var name = $"WorkPipelines.Fonts.{faceName}.ttf";
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"font resource {name} is missing from the build (wwwroot-assets npm packages not installed?)");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
