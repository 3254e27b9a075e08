using System.Net.Http.Headers;
using System.Text.Json;

namespace WorkPipelines.Domain.Connectors.Graph;

/// <summary>
/// Meta's rate-limit usage, read from the headers most Graph answers carry (<c>X-App-Usage</c>,
/// <c>X-Business-Use-Case-Usage</c>, <c>x-ad-account-usage</c>) and, on insights calls,
/// <c>x-fb-ads-insights-throttle</c> (<c>app_id_util_pct</c>, <c>acc_id_util_pct</c>: % of the app's and the
/// ad account's insights capacity; https://developers.facebook.com/docs/marketing-api/insights/best-practices,
/// "Insights API Rate Limiting"). Percentages are of a rolling budget; Meta throttles at 100, so we slow down before that.
/// </summary>
internal readonly record struct GraphUsage(double MaxPercent, TimeSpan RegainAccess)
{
    public const double SlowDownAt = 90;
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait before the next call: Meta's own estimate when it gives one, else longer the closer to 100 %.</summary>
    public TimeSpan Delay => RegainAccess > TimeSpan.Zero
        ? Min(RegainAccess, MaxWait)
        : MaxPercent >= SlowDownAt ? Min(TimeSpan.FromSeconds(3 * (MaxPercent - SlowDownAt + 1)), MaxWait) : TimeSpan.Zero;

    public static GraphUsage From(HttpResponseHeaders headers) => Parse(
        Header(headers, "X-App-Usage"), Header(headers, "X-Business-Use-Case-Usage"), Header(headers, "x-ad-account-usage"),
        Header(headers, "x-fb-ads-insights-throttle"));

    public static GraphUsage Parse(string? appUsage, string? businessUseCaseUsage, string? adAccountUsage, string? insightsThrottle = null)
    {
        var usage = new GraphUsage(0, TimeSpan.Zero);
        // Usage headers are advice: one we cannot read must not fail a sync.
        try
        {
            if (appUsage is not null) usage = usage.With(JsonDocument.Parse(appUsage).RootElement);
            if (businessUseCaseUsage is not null)
            {
                foreach (var account in JsonDocument.Parse(businessUseCaseUsage).RootElement.EnumerateObject())
                    foreach (var useCase in account.Value.EnumerateArray()) usage = usage.With(useCase);
            }
            if (adAccountUsage is not null)
            {
                var root = JsonDocument.Parse(adAccountUsage).RootElement;
                usage = usage with
                {
                    MaxPercent = Math.Max(usage.MaxPercent, Number(root, "acc_id_util_pct")),
                    RegainAccess = Max(usage.RegainAccess, TimeSpan.FromSeconds(Number(root, "reset_time_duration"))),
                };
            }
            if (insightsThrottle is not null)
            {
                var root = JsonDocument.Parse(insightsThrottle).RootElement;
                usage = usage with { MaxPercent = new[] { usage.MaxPercent, Number(root, "app_id_util_pct"), Number(root, "acc_id_util_pct") }.Max() };
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
        }
        return usage;
    }

    private GraphUsage With(JsonElement counters) => this with
    {
        MaxPercent = new[] { MaxPercent, Number(counters, "call_count"), Number(counters, "total_cputime"), Number(counters, "total_time") }.Max(),
        RegainAccess = Max(RegainAccess, TimeSpan.FromMinutes(Number(counters, "estimated_time_to_regain_access"))),
    };

    private static double Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
