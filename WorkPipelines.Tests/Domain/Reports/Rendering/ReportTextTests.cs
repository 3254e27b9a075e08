using WorkPipelines.Domain.Reports.Rendering;

namespace WorkPipelines.Tests.Domain.Reports.Rendering;

/// <summary>Date ranges as the reports and the dashboard's header write them: a year wherever the range crosses one.</summary>
public sealed class ReportTextTests
{
    [Theory]
    [InlineData("2026-12-07", "2026-12-07", "7 Dec 2026")]
    [InlineData("2026-11-23", "2026-11-29", "23 – 29 Nov 2026")]
    [InlineData("2026-11-08", "2026-12-07", "8 Nov – 7 Dec 2026")]
    [InlineData("2025-12-07", "2026-12-06", "7 Dec 2025 – 6 Dec 2026")]
    public void A_range_names_each_year_and_month_once_unless_it_crosses_one(string from, string to, string expected) =>
        Assert.Equal(expected, ReportText.Range(DateOnly.Parse(from), DateOnly.Parse(to)));
}
