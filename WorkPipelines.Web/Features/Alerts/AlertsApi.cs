using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Alerts;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web.Features.Alerts;

public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder work)
    {
        var alerts = work.MapGroup("/alerts").WithTags("Alerts");
        alerts.MapGet("/", ListAsync).WithName("ListAlerts")
            .WithSummary("Alert rules of the current workspace, each with its rule in words and its latest firing. Metrics: see /goals/metrics.");
        alerts.MapGet("/history", HistoryAsync).WithName("AlertHistory")
            .WithSummary("Every rule's firings, newest first (take: 1-500, default 100), with whether each channel took it.");
        alerts.MapGet("/{id:guid}", GetAsync).WithName("GetAlert").WithSummary("One rule with its firings of the last 90 days.");
        alerts.MapPost("/", CreateAsync).WithName("CreateAlert")
            .WithSummary("Add a rule (admins). condition: threshold (value in the metric's unit, a fraction for rates; direction above or below; days in a row 1-30), " +
                "change (value: percent; direction above, below or either; days: the window, 1-90), anomaly (against the same weekday of the last 8 weeks; " +
                "sensitivity low, medium or high). Channels: notifyBell (admins' bells), emailRecipients, webhookUrl with webhookFormat slack, teams or json.");
        alerts.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateAlert").WithSummary("Change a rule (admins); the same fields as adding one.");
        alerts.MapPut("/{id:guid}/silence", SilenceAsync).WithName("SilenceAlert")
            .WithSummary("Mute a rule (muted: true) or snooze it until an instant in the next 90 days (snoozedUntil); both empty turns it back on (admins).");
        alerts.MapPost("/{id:guid}/test", TestAsync).WithName("TestAlert")
            .WithSummary("Send a sample alert to the rule's channels now, without recording a firing; says which channel failed and why (admins).");
        alerts.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteAlert").WithSummary("Delete a rule and its history (admins).");
        return work;
    }

    /// <summary>A rule with its recent firings.</summary>
    public sealed record AlertDetails(AlertRuleView Rule, IReadOnlyList<AlertFiringView> History);

    public static async Task<Ok<IReadOnlyList<AlertRuleView>>> ListAsync(AlertService alerts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await alerts.ListAsync(cancellationToken));

    public static async Task<Ok<IReadOnlyList<AlertFiringView>>> HistoryAsync(AlertService alerts, CancellationToken cancellationToken, int take = 100) =>
        TypedResults.Ok(await alerts.HistoryAsync(take, cancellationToken));

    public static async Task<Results<Ok<AlertDetails>, ProblemHttpResult>> GetAsync(Guid id, AlertService alerts, CancellationToken cancellationToken) =>
        await alerts.GetAsync(id, cancellationToken) is var (rule, history)
            ? TypedResults.Ok(new AlertDetails(rule, history))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No alert rule {id} in this workspace.");

    public static async Task<Results<Created<AlertRuleView>, ProblemHttpResult>> CreateAsync(AlertRuleInput input, AlertService alerts, CancellationToken cancellationToken)
    {
        var (result, rule) = await alerts.CreateAsync(input, cancellationToken);
        return result.Succeeded ? TypedResults.Created($"/api/work/alerts/{rule!.Id}", rule) : result.ToProblem();
    }

    public static async Task<Results<Ok<AlertRuleView>, ProblemHttpResult>> UpdateAsync(Guid id, AlertRuleInput input, AlertService alerts, CancellationToken cancellationToken)
    {
        var (result, rule) = await alerts.UpdateAsync(id, input, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(rule!) : result.ToProblem();
    }

    public static async Task<Results<Ok<AlertRuleView>, ProblemHttpResult>> SilenceAsync(Guid id, AlertSilenceInput input, AlertService alerts, CancellationToken cancellationToken)
    {
        var (result, rule) = await alerts.SilenceAsync(id, input, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(rule!) : result.ToProblem();
    }

    public static async Task<Results<Ok<AlertTestResult>, ProblemHttpResult>> TestAsync(Guid id, AlertService alerts, IOptions<AlertOptions> options, CancellationToken cancellationToken)
    {
        var (result, test) = await alerts.TestAsync(id, options.Value.AppUrl, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(test!) : result.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, AlertService alerts, CancellationToken cancellationToken) =>
        (await alerts.DeleteAsync(id, cancellationToken)).ToNoContent();
}
