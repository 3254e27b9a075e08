using WorkPipelines.Domain.Metrics.Dashboard;

namespace WorkPipelines.Domain.Sharing;

/// <summary>One thing a share can show: the strip of combined numbers or a dashboard panel, with the numbers it exposes.</summary>
public sealed record SharePanel(string Key, string Title, IReadOnlyList<string> Numbers);

/// <summary>What a share link can show, in the dashboard's order: the headline strip ("blended") and every panel.</summary>
public static class SharePanels
{
    public const string Blended = "blended";

    public static IReadOnlyList<SharePanel> All { get; } =
    [
        new(Blended, "Headline numbers", PanelDefinitions.Blended.Select(k => k.Label).ToList()),
        .. PanelDefinitions.All.Select(p => new SharePanel(p.Key, p.Title,
            [.. p.Kpis.Select(k => k.Label), .. p.Breakdown is { } b ? [b.Label] : Array.Empty<string>()])),
    ];

    public static string Keys => string.Join(", ", All.Select(p => p.Key));

    public static SharePanel? Find(string? key) => All.FirstOrDefault(p => string.Equals(p.Key, key?.Trim(), StringComparison.OrdinalIgnoreCase));
}
