using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace WorkPipelines.Domain.Reports.Rendering;

/// <summary>The workbook's cell formats and how a typed report cell becomes a spreadsheet cell.</summary>
internal static class XlsxStyles
{
    // Indexes into CellFormats below.
    public const uint Default = 0, Bold = 1, Date = 2, Money = 3, Percent = 4, Whole = 5;
    private const uint DateFormatId = 164, TwoDecimals = Money; // a money cell's #,##0.00, for any number with a fraction

    public static Stylesheet Create() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = DateFormatId, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = DateFormatId, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 4, ApplyNumberFormat = true },   // #,##0.00
            new CellFormat { NumberFormatId = 10, ApplyNumberFormat = true },  // 0.00%
            new CellFormat { NumberFormatId = 3, ApplyNumberFormat = true }) { Count = 6 });  // #,##0

    public static Cell Text(string value, uint style = Default) =>
        new(new InlineString(new Text(value) { Space = SpaceProcessingModeValues.Preserve })) { DataType = CellValues.InlineString, StyleIndex = style };

    public static Cell Cell(ValueFormat format, string? value)
    {
        if (value is null) return new Cell();
        switch (format)
        {
            case ValueFormat.Date when Cells.ParseDate(value) is { } date:
                return new Cell(new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate())) { StyleIndex = Date };
            case ValueFormat.Number or ValueFormat.Money or ValueFormat.Percent or ValueFormat.Minutes when Cells.ParseNumber(value) is { } number && double.IsFinite(number):
                // A plain number in whole units or with two decimals: Excel has no format for both, and "#,##0.##" wrote 601 as "601.".
                return new Cell(new CellValue(number)) { StyleIndex = format switch { ValueFormat.Money => Money, ValueFormat.Percent => Percent, _ when number == Math.Floor(number) => Whole, _ => TwoDecimals } };
            default:
                return Text(value);
        }
    }

    /// <summary>A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique in the workbook.</summary>
    public static string SheetName(string title, HashSet<string> used)
    {
        var clean = new string(title.Select(c => "[]:*?/\\".Contains(c) ? '-' : c).ToArray()).Trim('\'', ' ');
        if (clean.Length == 0) clean = "Sheet";
        var name = clean.Length > 31 ? clean[..31] : clean;
        for (var n = 2; !used.Add(name); n++)
        {
            var suffix = $" ({n})";
            name = (clean.Length + suffix.Length > 31 ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }
        return name;
    }

    public static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : Column(index / 26 - 1) + (char)('A' + index % 26);
}
