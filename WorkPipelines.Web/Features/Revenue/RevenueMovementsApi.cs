using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Revenue;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web.Features.Revenue;

public static class RevenueMovementsApi
{
    /// <summary>What movements show when no period is asked for: a year of months.</summary>
    public const string DefaultPeriod = "12m";

    public static RouteGroupBuilder MapRevenueMovementsApi(this RouteGroupBuilder work)
    {
        work.MapGet("/revenue/movements", MovementsAsync).WithName("RevenueMovements").WithTags("Revenue")
            .WithSummary("MRR movements per calendar month from Stripe subscriptions: starting MRR, new, expansion, contraction, churn, reactivation, " +
                "ending MRR, net revenue retention, quick ratio, customer and revenue churn rates (null when there is nothing to divide by). " +
                "One table per currency; currencies are never added. period: 7d, 30d, 90d, 12m (default), mtd, lastmonth, quarter, lastquarter, " +
                "custom; from and to (yyyy-MM-dd) alone mean custom. connected is false when Stripe is not connected.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return work;
    }

    public static async Task<Results<Ok<RevenueMovementsData>, ProblemHttpResult>> MovementsAsync(
        string? period, DateOnly? from, DateOnly? to, PeriodResolver periods, RevenueMovements movements, CancellationToken cancellationToken)
    {
        var key = string.IsNullOrWhiteSpace(period) ? from is null && to is null ? DefaultPeriod : "custom" : period;
        var (resolved, problem) = await periods.ResolveAsync(new PeriodQuery(key, null, from, to), Period.ReportKeys, cancellationToken);
        if (resolved is null) return WorkProblems.Invalid(problem!);
        return TypedResults.Ok(await movements.MonthlyAsync(resolved.From, resolved.To, cancellationToken));
    }
}
