using WorkPipelines.Domain.Reports;
using WorkPipelines.Domain.Reports.Builders;

namespace WorkPipelines.Tests.Domain.Reports;

public sealed class ExecutiveSummaryTests
{
    [Fact]
    public void The_three_largest_changes_in_one_sentence_each_largest_first()
    {
        var sections = new[]
        {
            Section("Highlights", Kpi("Revenue", ValueFormat.Money, 45_210, 40_300), Kpi("Ad spend", ValueFormat.Money, 3_100, 3_400, higherIsBetter: false)),
            Section("Support", Kpi("Tickets", ValueFormat.Number, 130, 100, higherIsBetter: false), Kpi("Revenue", ValueFormat.Money, 1, 2)),
            Section("Email", Kpi("Open rate", ValueFormat.Percent, 0.241, 0.215)),
        };

        var summary = ExecutiveSummary.Section(sections, "USD")!;

        Assert.Equal(ExecutiveSummary.Title, summary.Title);
        Assert.Equal(
            "Tickets rose 30% to 130, from 100: worth a look. " +
            "Revenue rose 12% to $45,210, from $40,300. " +
            "Open rate rose 2.6 points to 24.1%, from 21.5%.",
            summary.Note);
    }

    [Fact]
    public void Small_counts_and_changes_under_one_percent_are_not_news()
    {
        var sections = new[]
        {
            Section("Support", Kpi("Escalations", ValueFormat.Number, 6, 2, higherIsBetter: false), Kpi("Tickets", ValueFormat.Number, 1000, 1004)),
        };

        Assert.Equal("No figure moved by 1% or more against the comparison period.", ExecutiveSummary.Section(sections, "USD")!.Note);
    }

    [Fact]
    public void A_figure_in_another_currency_says_so_and_a_workspace_without_figures_gets_no_summary()
    {
        var euros = Kpi("Revenue", ValueFormat.Money, 900, 1000) with { Currency = "EUR" };

        Assert.Equal("Revenue fell 10% to €900.00, from €1,000: worth a look.", ExecutiveSummary.Section([Section("Highlights", euros)], "USD")!.Note);
        Assert.Null(ExecutiveSummary.Section([ReportSection.Empty("Highlights", "No data for this period.")], "USD"));
    }

    private static ReportSection Section(string title, params ReportKpi[] kpis) => new(title, kpis, [], []);

    private static ReportKpi Kpi(string label, ValueFormat format, double value, double previous, bool higherIsBetter = true) =>
        new(label.ToLowerInvariant(), label, format, value, previous, (value - previous) / Math.Abs(previous), higherIsBetter);
}
