using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Connectors.Stripe;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Metrics.Revenue;

/// <summary>
/// MRR movements per month for the current workspace, from the Stripe connector's subscription records (raw records, not
/// rollups: movements are per customer, and rollups keep only sums).
/// <para>
/// What this can know. Stripe's API returns a subscription as it is now (https://docs.stripe.com/api/subscriptions/object), not
/// its history, so each sync records what the current state implies (see <see cref="StripeRecords.Subscription"/>): its start
/// with its MRR, the end of each repeating discount, and when it was cancelled or paused with the MRR it had. From those, new,
/// reactivation (the same <c>customer</c> paying again after an earlier subscription stopped), churn, and expansion from an
/// ending discount are exact. What it cannot know: an upgrade or downgrade in place (a new price or quantity on the same
/// subscription) replaces the items, so the earlier price is gone and the subscription reads as if it had always had the
/// current one; such changes show as expansion or contraction only when the customer moves between subscriptions (or holds
/// several). Reading them exactly needs the <c>customer.subscription.updated</c> events' <c>previous_attributes</c>
/// (https://docs.stripe.com/api/events/object#event_object-data-previous_attributes), which the connector does not read.
/// A subscription that resumes after a pause is active again; we assume (not checked against Stripe) that nothing on it then
/// dates the pause, since <c>status_details</c> describes the pause in progress, so its pause drops out of the history. A cancellation at period end
/// (<c>cancel_at_period_end</c>) keeps the subscription active until then, so it churns on the day it ends, not the day it
/// was asked for.
/// </para>
/// <para>
/// Days are the records' days (UTC, as on the dashboard); months are calendar months over them. Shopify has no subscriptions
/// in its orders, so only Stripe contributes. Each currency is a table of its own; none is converted or added to another.
/// </para>
/// </summary>
public sealed class RevenueMovements(WorkDbContext db)
{
    /// <summary>The stream whose records carry MRR (see <see cref="StripeConnector"/>).</summary>
    public const string Stream = "subscriptions";

    public async Task<RevenueMovementsData> MonthlyAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var connections = await db.Connections.AsNoTracking().Where(c => c.Provider == StripeConnector.Key).Select(c => c.Id).ToListAsync(cancellationToken);
        if (connections.Count == 0) return new RevenueMovementsData(from, to, false, [], []);

        var records = await db.SourceRecords.AsNoTracking()
            .Where(r => connections.Contains(r.ConnectionId) && r.Stream == Stream && r.Date <= to)
            .Select(r => new { r.ConnectionId, r.ExternalId, r.Date, r.Dimension, r.ValuesJson })
            .ToListAsync(cancellationToken);

        var changes = records.Select(r => Change(r.ConnectionId, r.ExternalId, r.Date, r.Dimension, r.ValuesJson)).OfType<MrrChange>().ToList();
        var tables = changes.GroupBy(c => c.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(currency => MrrMovements.Table(currency.Key, currency.ToList(), from, to)).ToList();
        return new RevenueMovementsData(from, to, true, tables.Select(t => t.Currency).ToList(), tables);
    }

    /// <summary>
    /// A subscription record as a change of its customer's MRR. Records synced before they carried the customer have no
    /// dimension: their subscription stands in for the customer (such a customer is never seen to reactivate).
    /// </summary>
    public static MrrChange? Change(Guid connection, string externalId, DateOnly date, string customer, string valuesJson)
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, double>>(valuesJson) ?? [];
        var currency = values.Keys.FirstOrDefault(k => k.StartsWith(CurrencyMarkers.Prefix, StringComparison.Ordinal)) is { } marker
            ? CurrencyMarkers.CodeOf(marker) : "USD";
        var change = values.GetValueOrDefault("mrr.new") + values.GetValueOrDefault("mrr.expansion") - values.GetValueOrDefault("mrr.churned");
        var owner = customer.Length > 0 ? customer : "subscription:" + externalId.Split(':')[0];
        // The connector counts a stop as a churned subscriber unless the subscription was paused (subscriptions.churned = 0).
        var paused = values.ContainsKey("mrr.churned") && values.GetValueOrDefault("subscriptions.churned") == 0;
        return new MrrChange($"{connection:N}/{owner}", currency, date, change, paused);
    }
}
