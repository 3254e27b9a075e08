using WorkPipelines.Domain.Annotations;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Web.Components.Shared.Charts;
using WorkPipelines.Web.Features.Annotations;

namespace WorkPipelines.Tests.Web.Annotations;

/// <summary>Which notes a panel's chart marks, numbered as the list numbers them, one mark per day.</summary>
public sealed class AnnotationMarksTests
{
    private static AnnotationView Note(string text, string date, string? panel = null, string? source = null, string? end = null) =>
        new(Guid.NewGuid(), DateOnly.Parse(date), end is null ? null : DateOnly.Parse(end), text, panel, source, "", source is null ? AnnotationKind.User : AnnotationKind.Connected,
            source is not null, null, DateTimeOffset.UnixEpoch, null, true);

    [Fact]
    public void A_panel_marks_its_own_every_panels_and_its_sources_notes_with_the_lists_numbers()
    {
        List<AnnotationView> list =
        [
            Note("Price change", "2026-03-01"),
            Note("Newsletter sent", "2026-03-02", panel: "email"),
            Note("Sale week: 20 % off everything and free shipping", "2026-03-03", panel: "revenue", end: "2026-03-07"),
            Note("Stripe connected", "2026-03-09", source: "stripe"),
            Note("Shopify connected", "2026-03-09", source: "shopify"),
            Note("Google Analytics 4 connected", "2026-03-09", source: "ga4"),
        ];
        var revenue = PanelDefinitions.All.Single(p => p.Key == "revenue");

        var marks = AnnotationMarks.For(list, revenue);

        Assert.Equal(
        [
            new ChartMark("2026-03-01", null, "1", "1. Price change", false),
            new ChartMark("2026-03-03", "2026-03-07", "3", "3. Sale week: 20 % off everyth…", false),
            new ChartMark("2026-03-09", null, "4, 5", "4, 5. Stripe connected +1", true),
        ], marks);
        Assert.Equal(4, AnnotationMarks.For(list, null).Count); // no panel: every note, one mark per day or range
        Assert.Empty(AnnotationMarks.For([], revenue));
    }
}
