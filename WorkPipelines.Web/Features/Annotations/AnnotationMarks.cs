using WorkPipelines.Domain.Annotations;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Web.Components.Shared.Charts;

namespace WorkPipelines.Web.Features.Annotations;

/// <summary>A period's annotations as marks on one panel's chart, numbered as the list beside the chart numbers them.</summary>
public static class AnnotationMarks
{
    private const int LabelLength = 28;

    /// <param name="annotations">The list as shown (its order gives the numbers, from 1).</param>
    /// <param name="panel">The chart's panel: its own notes, every panel's, and the automatic ones of its sources; null for all.</param>
    public static IReadOnlyList<ChartMark> For(IReadOnlyList<AnnotationView>? annotations, PanelDefinition? panel)
    {
        if (annotations is not { Count: > 0 }) return [];
        // Notes on the same day (two sources connected together) share one mark: two labels in one place cannot be read.
        return annotations.Select((a, i) => (Note: a, Number: i + 1))
            .Where(n => panel is null || Shows(n.Note, panel))
            .GroupBy(n => (n.Note.Date, n.Note.EndDate))
            .Select(g => new ChartMark(
                g.Key.Date.ToString("yyyy-MM-dd"),
                g.Key.EndDate?.ToString("yyyy-MM-dd"),
                string.Join(", ", g.Select(n => n.Number)),
                g.Count() == 1 ? $"{g.First().Number}. {Shorten(g.First().Note.Text)}" : $"{string.Join(", ", g.Select(n => n.Number))}. {Shorten(g.First().Note.Text)} +{g.Count() - 1}",
                g.All(n => n.Note.Automatic)))
            .ToList();
    }

    /// <summary>Whether a note belongs on <paramref name="panel"/>'s chart (the same rule as the API's panel filter).</summary>
    public static bool Shows(AnnotationView note, PanelDefinition panel) =>
        note.Panel == panel.Key || (note.Panel is null && (note.Source is null || panel.Sources.Contains(note.Source)));

    private static string Shorten(string text) => text.Length <= LabelLength ? text : text[..(LabelLength - 1)].TrimEnd() + "…";
}
