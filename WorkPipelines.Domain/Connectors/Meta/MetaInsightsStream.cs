using System.Globalization;
using System.Text.Json;
using WorkPipelines.Domain.Connectors.Graph;
using WorkPipelines.Domain.Metrics;

namespace WorkPipelines.Domain.Connectors.Meta;

/// <summary>
/// <c>GET {ad account}/insights?level=campaign&amp;time_increment=1</c>: one row per campaign per day.
/// The history is read in windows of <see cref="WindowDays"/> (daily breakdowns over long ranges
/// time out at Meta), each window page by page with <c>after</c>. The cursor is the window start,
/// the pass's last day, the page cursor and the window length; a finished pass leaves the start of
/// the next one: <see cref="AttributionDays"/> before its last day, because conversions are attributed late.
/// When Meta says a window is too much data for one call, the window is halved (down to one day) and
/// read again; the shorter length carries on for the rest of the pass.
/// </summary>
internal sealed class MetaInsightsStream(GraphApi graph, TimeProvider time) : IConnectorStream
{
    public const int PageSize = 100;
    public const int WindowDays = 92;
    public const int AttributionDays = 3;

    /// <summary>Meta keeps insights for 37 months.</summary>
    public static DateOnly FirstDay(DateOnly today) => today.AddMonths(-37).AddDays(1);

    // account_currency: spend and action values are amounts in the ad account's currency (AdsInsights.Field.account_currency in
    // Meta's facebook-python-business-sdk, facebook_business/adobjects/adsinsights.py; the account's own "currency" field, which
    // the connect check reads, names the same currency). Each row counts its currency's marker, so spend is never added to or
    // divided by revenue in another currency.
    private const string Fields = "account_currency,campaign_id,campaign_name,spend,impressions,clicks,actions,action_values";

    // Meta reports a purchase under several overlapping action types; summing them would count it twice.
    private static readonly string[] PurchaseTypes = ["purchase", "offsite_conversion.fb_pixel_purchase"];

    internal sealed record Cursor(DateOnly From, DateOnly? To, string? After, int? Days = null);

    internal sealed record InsightsPage(List<InsightRow> Data, GraphPaging? Paging);

    internal sealed record InsightRow(
        string? CampaignId, string? CampaignName, string? Spend, string? Impressions, string? Clicks,
        List<ActionValue>? Actions, List<ActionValue>? ActionValues, string? DateStart, string? AccountCurrency = null);

    internal sealed record ActionValue(string ActionType, string? Value);

    public string Name => "campaign_insights";

    public async Task<StreamPage> ReadPageAsync(ConnectorSession session, string? cursor, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var position = cursor is null ? new Cursor(FirstDay(today), today, null) : JsonSerializer.Deserialize<Cursor>(cursor)!;
        var to = position.To ?? today;
        var from = position.From < FirstDay(today) ? FirstDay(today) : position.From;
        var days = position.Days ?? WindowDays;
        var after = position.After;
        while (true)
        {
            var windowEnd = from.AddDays(days - 1) < to ? from.AddDays(days - 1) : to;
            InsightsPage page;
            try
            {
                page = await graph.GetAsync<InsightsPage>(session, session.Credential("accessToken"), Query(session, from, windowEnd, after), cancellationToken);
            }
            catch (GraphTooMuchDataException ex)
            {
                if (days == 1) throw new ConnectorDataException($"{ex.Message}; even a single day of campaign insights is too much for one call");
                // A page cursor belongs to the range it came from: the shorter window starts again from its first page.
                (days, after) = (days / 2, null);
                continue;
            }
            var records = page.Data.Select(ToRecord).ToList();
            var keep = days == WindowDays ? (int?)null : days;

            if (page.Paging?.Next is not null && page.Paging.Cursors?.After is { } next)
                return new StreamPage(records, JsonSerializer.Serialize(new Cursor(from, to, next, keep)), Done: false);
            if (windowEnd < to)
                return new StreamPage(records, JsonSerializer.Serialize(new Cursor(windowEnd.AddDays(1), to, null, keep)), Done: false);
            return new StreamPage(records, JsonSerializer.Serialize(new Cursor(to.AddDays(-AttributionDays), null, null)), Done: true);
        }
    }

    private static string Query(ConnectorSession session, DateOnly from, DateOnly until, string? after)
    {
        var timeRange = JsonSerializer.Serialize(new { since = Day(from), until = Day(until) });
        return $"{Uri.EscapeDataString(session.Credential("adAccountId"))}/insights?level=campaign&time_increment=1" +
               $"&time_range={Uri.EscapeDataString(timeRange)}&fields={Fields}&limit={PageSize}" +
               (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
    }

    internal static ConnectorRecord ToRecord(InsightRow row)
    {
        var id = $"{row.CampaignId}:{row.DateStart}";
        try
        {
            if (string.IsNullOrEmpty(row.CampaignId)) throw new FormatException("campaign_id is missing");
            if (string.IsNullOrEmpty(row.AccountCurrency)) throw new FormatException("account_currency is missing");
            var date = DateOnly.ParseExact(row.DateStart ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return new ConnectorRecord(id, date, row.CampaignName ?? row.CampaignId, new Dictionary<string, double>
            {
                ["ads.spend"] = Number(row.Spend, "spend"),
                ["ads.impressions"] = Number(row.Impressions, "impressions"),
                ["ads.clicks"] = Number(row.Clicks, "clicks"),
                ["ads.conversions"] = Purchases(row.Actions, "actions"),
                ["ads.purchase_value"] = Purchases(row.ActionValues, "action_values"),
                [CurrencyMarkers.Of(row.AccountCurrency).Metric] = 1,
            });
        }
        catch (FormatException ex)
        {
            throw new ConnectorDataException($"meta campaign_insights record {id} could not be read: {ex.Message}", ex);
        }
    }

    private static double Purchases(List<ActionValue>? actions, string field)
    {
        foreach (var type in PurchaseTypes)
        {
            if (actions?.FirstOrDefault(a => a.ActionType == type) is { } action) return Number(action.Value, $"{field}[{type}]");
        }
        return 0;
    }

    private static double Number(string? text, string field) =>
        text is null ? 0
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
        : throw new FormatException($"{field} '{text}' is not a number");

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
