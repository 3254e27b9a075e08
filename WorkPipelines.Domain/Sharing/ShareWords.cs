using System.Globalization;

namespace WorkPipelines.Domain.Sharing;

/// <summary>What a share shows, in words for the person making it and for whoever opens it.</summary>
public static class ShareWords
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>"the last 30 days (moving with each day), compared with the 30 days before".</summary>
    public static string Period(string period, string compare, DateOnly? from, DateOnly? to)
    {
        var range = period switch
        {
            "7d" => "the last 7 days",
            "30d" => "the last 30 days",
            "90d" => "the last 90 days",
            "12m" => "the last 12 months",
            "mtd" => "this month so far",
            "custom" when from is { } f && to is { } t => $"{f.ToString("d MMM yyyy", English)} – {t.ToString("d MMM yyyy", English)}",
            _ => period,
        };
        var moving = period == "custom" ? "" : " (moving with each day)";
        var against = compare == "year" ? "the same days a year earlier" : period == "mtd" ? "the days before" : "the same number of days before";
        return $"{range}{moving}, compared with {against}";
    }

    /// <summary>"Anyone with the link can see Headline numbers, Revenue for … without signing in, until 14 Dec 2026 21:00 UTC."</summary>
    public static string Exposes(IReadOnlyList<SharePanel> panels, string periodText, DateTimeOffset expiresAt) =>
        $"Anyone with the link can see {List(panels.Select(p => p.Title).ToList())} for {periodText}, without signing in, until {Instant(expiresAt)}.";

    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy HH:mm", English) + " UTC";

    /// <summary>"A, B and C".</summary>
    public static string List(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Concat(items) : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];
}
