using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace WorkPipelines.Domain.Connectors.Shopify;

/// <summary>
/// Sends GraphQL Admin API queries and honours calculated query cost: remembers the last
/// <c>throttleStatus</c> and, when a query's <c>requestedQueryCost</c> exceeds what has been
/// restored since, waits for the bucket to refill before sending it. The bucket belongs to the
/// app and shop, not to one sync, so the last status is kept per connection across syncs; a
/// query's cost is estimated up front (Shopify's formula: 2 + first × (1 + nested first)) and
/// corrected by what Shopify reports.
/// </summary>
internal sealed class ShopifyGraphQl(TimeProvider time)
{
    /// <summary>The Admin API version in every request path; pinned, with its end of support, in <see cref="ApiVersions"/>.</summary>
    public static string ApiVersion => ApiVersions.ShopifyAdmin.Version;

    /// <summary>
    /// The access scopes the connector's queries need, as the form and the reconnect message name them. Orders and their line
    /// items and refunds need read_orders; customers read_customers; orders created more than 60 days ago also read_all_orders
    /// (https://shopify.dev/docs/api/usage/access-scopes: "All relevant orders rather than the default window of orders
    /// created within the last 60 days"). Line items are named by their own title, so read_products is not needed.
    /// </summary>
    public const string Scopes = "read_orders, read_all_orders and read_customers";

    /// <summary>Without these the sync cannot read at all (read_all_orders only widens the order window: see the coverage notice).</summary>
    public static readonly IReadOnlyList<string> RequiredScopes = ["read_orders", "read_customers"];

    private static readonly ConcurrentDictionary<Guid, (ShopifyThrottleStatus Status, DateTimeOffset At)> LastStatus = new();
    private readonly ConcurrentDictionary<string, double> _requested = new();

    /// <summary>
    /// A throttled query is sent again once the bucket holds its cost, as Shopify advises
    /// (https://shopify.dev/docs/api/usage/limits#rate-limiting-methods): its answer says both the cost and what is left, so
    /// an estimate that was too low (a stream's first query) costs one wait, not a failed sync.
    /// </summary>
    private const int ThrottledTries = 3;

    public async Task<ShopifyResponse> QueryAsync(ConnectorSession session, string query, object variables, double estimatedCost, CancellationToken cancellationToken)
    {
        _requested.TryAdd(query, estimatedCost);
        for (var attempt = 1; ; attempt++)
        {
            if (WaitFor(session.ConnectionId, query) is { } wait) await Task.Delay(wait, time, cancellationToken);

            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(session.BaseUrl, $"admin/api/{ApiVersion}/graphql.json"))
            {
                Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Shopify-Access-Token", await ShopifyAppCredentials.AccessTokenAsync(session, cancellationToken));
            var response = await ConnectorHttp.SendAsync<ShopifyResponse>(session, request, cancellationToken);

            if (response.Extensions?.Cost is { } cost)
            {
                _requested[query] = cost.RequestedQueryCost;
                LastStatus[session.ConnectionId] = (cost.ThrottleStatus, time.GetUtcNow());
            }
            if (response.Errors is not { Count: > 0 } errors) return response;
            if (errors.Any(e => e.Extensions?.Code == "THROTTLED"))
            {
                var restored = WaitFor(session.ConnectionId, query);
                if (attempt < ThrottledTries && (restored ?? TimeSpan.Zero) <= TimeSpan.FromSeconds(30)) continue;
                throw new ConnectorUnavailableException(
                    $"Shopify throttled the query: it costs {response.Extensions?.Cost?.RequestedQueryCost} points, {response.Extensions?.Cost?.ThrottleStatus.CurrentlyAvailable} are available", restored);
            }
            if (errors.Any(e => e.Extensions?.Code == "ACCESS_DENIED"))
                throw new ConnectorAuthException($"Shopify denied access: {errors[0].Message.TrimEnd('.')}; give the app the {Scopes} scopes, then reconnect");
            throw new ConnectorDataException($"Shopify rejected the query: {string.Join("; ", errors.Select(e => e.Message))}");
        }
    }

    /// <summary>How long until the bucket holds this query's requested cost, from the last status and its restore rate.</summary>
    private TimeSpan? WaitFor(Guid connectionId, string query)
    {
        if (!LastStatus.TryGetValue(connectionId, out var last) || !_requested.TryGetValue(query, out var requested) || last.Status.RestoreRate <= 0) return null;
        var elapsed = (time.GetUtcNow() - last.At).TotalSeconds;
        var available = Math.Min(last.Status.MaximumAvailable, last.Status.CurrentlyAvailable + elapsed * last.Status.RestoreRate);
        // One point more than the shortfall: the bucket refills in whole points between our clock and the shop's, and waiting
        // exactly the shortfall came back a point short under load (CI: "costs 777 points, 776 are available").
        return requested <= available ? null : TimeSpan.FromSeconds((requested - available + 1) / last.Status.RestoreRate);
    }
}

internal sealed record ShopifyResponse(Dictionary<string, JsonElement>? Data, List<ShopifyError>? Errors, ShopifyExtensions? Extensions);
internal sealed record ShopifyError(string Message, ShopifyErrorExtensions? Extensions);
internal sealed record ShopifyErrorExtensions(string? Code);
internal sealed record ShopifyExtensions(ShopifyCost? Cost);
internal sealed record ShopifyCost(double RequestedQueryCost, double? ActualQueryCost, ShopifyThrottleStatus ThrottleStatus);
internal sealed record ShopifyThrottleStatus(double MaximumAvailable, double CurrentlyAvailable, double RestoreRate);
internal sealed record ShopifyConnection(List<ShopifyEdge> Edges, ShopifyPageInfo PageInfo);
internal sealed record ShopifyEdge(string Cursor, JsonElement Node);
internal sealed record ShopifyPageInfo(bool HasNextPage, string? EndCursor);
