using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web.Features.Dashboard;

public static class DashboardApi
{
    // The seed's router names for each domain's panel.
    private static readonly (string Route, string Panel)[] Domains =
        [("revenue", "revenue"), ("analytics", "traffic"), ("ads", "ads"), ("social", "social"), ("email", "email"), ("support", "support")];

    public static RouteGroupBuilder MapDashboardApi(this RouteGroupBuilder work)
    {
        work.MapGet("/dashboard/aggregate", AggregateAsync).WithName("DashboardAggregate").WithTags("Dashboard")
            .WithSummary("Every panel with status (Ok, Error, NotConnected, Stale), asOf, KPIs vs the comparison, daily series and breakdown. period: 7d, 30d, 90d, 12m, mtd, custom (from, to); compare: previous, year.");
        foreach (var (route, panel) in Domains)
        {
            var definition = PanelDefinitions.Find(panel)!;
            work.MapGet($"/{route}", (string? period, string? compare, DateOnly? from, DateOnly? to, PeriodResolver periods, DashboardAggregator aggregator, CancellationToken cancellationToken) =>
                    PanelAsync(definition, new PeriodQuery(period, compare, from, to), periods, aggregator, cancellationToken))
                .WithName($"Dashboard{char.ToUpperInvariant(route[0])}{route[1..]}").WithTags("Dashboard")
                .WithSummary($"The {definition.Title} panel's metrics and series for a period.");
        }
        work.MapGet("/dashboard/{panel}/days.csv", (string panel, [AsParameters] PeriodQuery query, PeriodResolver periods, DashboardAggregator aggregator, CancellationToken cancellationToken) =>
                ExportAsync(panel, query, periods, aggregator, detail => detail.DaysCsv(), "days", cancellationToken))
            .WithName("ExportPanelDays").WithTags("Dashboard").WithSummary("A panel's metrics per day as CSV.");
        work.MapGet("/dashboard/{panel}/breakdown.csv", (string panel, [AsParameters] PeriodQuery query, PeriodResolver periods, DashboardAggregator aggregator, CancellationToken cancellationToken) =>
                ExportAsync(panel, query, periods, aggregator, detail => detail.BreakdownCsv(), "breakdown", cancellationToken))
            .WithName("ExportPanelBreakdown").WithTags("Dashboard").WithSummary("A panel's breakdown (products, campaigns, channels, posts) as CSV.");
        return work;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        string panelKey, PeriodQuery query, PeriodResolver periods, DashboardAggregator aggregator, Func<PanelDetail, string> csv, string part, CancellationToken cancellationToken)
    {
        if (PanelDefinitions.Find(panelKey) is not { } panel)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
                title: $"unknown panel '{panelKey}'; known: {string.Join(", ", PanelDefinitions.All.Select(p => p.Key))}");
        var (period, problem) = await periods.ResolveAsync(query, cancellationToken: cancellationToken);
        if (period is null) return WorkProblems.Invalid(problem!);
        var detail = await aggregator.DetailAsync(panel, period, cancellationToken);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv(detail)), "text/csv",
            $"{panel.Key}-{part}-{period.From:yyyyMMdd}-{period.To:yyyyMMdd}.csv");
    }

    public static async Task<Results<Ok<DashboardData>, ProblemHttpResult>> AggregateAsync(
        [AsParameters] PeriodQuery query, PeriodResolver periods, DashboardAggregator aggregator, CancellationToken cancellationToken)
    {
        var (period, problem) = await periods.ResolveAsync(query, cancellationToken: cancellationToken);
        if (period is null) return WorkProblems.Invalid(problem!);
        return TypedResults.Ok(await aggregator.AggregateAsync(period, cancellationToken));
    }

    private static async Task<Results<Ok<PanelData>, ProblemHttpResult>> PanelAsync(
        PanelDefinition panel, PeriodQuery query, PeriodResolver periods, DashboardAggregator aggregator, CancellationToken cancellationToken)
    {
        var (period, problem) = await periods.ResolveAsync(query, cancellationToken: cancellationToken);
        if (period is null) return WorkProblems.Invalid(problem!);
        return TypedResults.Ok(await aggregator.PanelAsync(panel, period, cancellationToken));
    }
}
