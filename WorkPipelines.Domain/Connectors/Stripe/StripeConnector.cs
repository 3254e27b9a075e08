using System.Net;
using System.Text.Json;
using Stripe;

namespace WorkPipelines.Domain.Connectors.Stripe;

/// <summary>
/// Stripe through Stripe.net: charges, refunds, customers and subscriptions. Lists are newest
/// first, so a stream's cursor remembers where the running pass is (<c>after</c>) and the
/// newest <c>created</c> it saw; the next sync starts from that instant. Stripe.net 53.1.0 pins API version
/// 2026-10-28.endive (its <c>ApiVersion.Current</c>); see docs/providers/stripe.md.
/// </summary>
public sealed class StripeConnector(TimeProvider? time = null) : IConnector
{
    public const string Key = "stripe";

    // Charges and refunds come with their balance transaction: the amount in the settlement currency (see StripeRecords).
    private static readonly List<string> Settled = ["data.balance_transaction"];

    // Expansions stop at four levels (https://docs.stripe.com/expand), so a price's tiers and an item's coupons are read apart.
    private static readonly List<string> SubscriptionParts = ["data.discounts.source.coupon", "data.items.data.discounts"];

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string Provider => Key;

    public IReadOnlyList<IConnectorStream> Streams => _streams ??=
    [
        new StripeStream<Customer>("customers", (client, o, ct) => new CustomerService(client).ListAsync(new CustomerListOptions { Limit = o.Limit, StartingAfter = o.After, Created = o.Created }, null, ct),
            c => c.Id, c => c.Created, c => [StripeRecords.Customer(c)]),
        new StripeStream<Charge>("charges", (client, o, ct) => new ChargeService(client).ListAsync(new ChargeListOptions { Limit = o.Limit, StartingAfter = o.After, Created = o.Created, Expand = Settled }, null, ct),
            c => c.Id, c => c.Created, c => [StripeRecords.Charge(c)]),
        new StripeStream<Refund>("refunds", (client, o, ct) => new RefundService(client).ListAsync(new RefundListOptions { Limit = o.Limit, StartingAfter = o.After, Created = o.Created, Expand = Settled }, null, ct),
            r => r.Id, r => r.Created, r => [StripeRecords.Refund(r)]),
        // Cancellations and ending discounts change old subscriptions: this small stream is read in full every sync.
        new StripeStream<Subscription>("subscriptions", ListSubscriptionsAsync,
            s => s.Id, s => s.Created, s => StripeRecords.Subscription(s, _time.GetUtcNow().UtcDateTime), incremental: false),
    ];

    private IReadOnlyList<IConnectorStream>? _streams;

    /// <summary>
    /// All four lists at once, one request each in flight: Stripe limits requests per second per account, 100 read operations in
    /// live mode and 25 in a sandbox, and each endpoint to 25 per second unless stated otherwise (https://docs.stripe.com/rate-limits).
    /// Four list calls in flight stay under those at Stripe's usual list latency; when they do not, its 429 is retried after the
    /// wait it asks for, like any other (the connector HTTP client's resilience handler).
    /// </summary>
    public int StreamsSideBySide => 4;

    /// <summary>
    /// One item of each list the sync reads, with the same expansions, so a restricted key is checked for exactly what the
    /// sync needs and every missing permission is named at once. GET /v1/account is not called: it needs
    /// connected_account_read (https://docs.stripe.com/keys/permissions-reference), which a read-only key has no reason to hold.
    /// </summary>
    public async Task VerifyAsync(ConnectorSession session, CancellationToken cancellationToken)
    {
        var client = StripeCalls.Client(session);
        List<Func<Task>> reads =
        [
            () => new ChargeService(client).ListAsync(new ChargeListOptions { Limit = 1, Expand = Settled }, null, cancellationToken),
            () => new CustomerService(client).ListAsync(new CustomerListOptions { Limit = 1 }, null, cancellationToken),
            () => new RefundService(client).ListAsync(new RefundListOptions { Limit = 1, Expand = Settled }, null, cancellationToken),
            () => new SubscriptionService(client).ListAsync(new SubscriptionListOptions { Limit = 1, Status = "all", Expand = SubscriptionParts }, null, cancellationToken),
        ];
        var missing = new List<string>();
        foreach (var read in reads)
        {
            try
            {
                await StripeCalls.RunAsync(async () => { await read(); return true; });
            }
            catch (StripePermissionException ex)
            {
                missing.Add(ex.Permission);
            }
        }
        if (missing.Count > 0) throw new ConnectorAuthException(StripePermissions.Refusal(missing.Distinct().ToList()));
    }

    private static async Task<StripeList<Subscription>> ListSubscriptionsAsync(IStripeClient client, StripeStream<Subscription>.ListOptions o, CancellationToken ct)
    {
        var page = await new SubscriptionService(client).ListAsync(
            new SubscriptionListOptions { Limit = o.Limit, StartingAfter = o.After, Status = "all", Expand = SubscriptionParts }, null, ct);
        await StripeSubscriptionParts.CompleteAsync(client, page.Data, ct);
        return page;
    }
}

/// <summary>One Stripe list endpoint read as a stream.</summary>
internal sealed class StripeStream<T>(
    string name,
    Func<IStripeClient, StripeStream<T>.ListOptions, CancellationToken, Task<StripeList<T>>> list,
    Func<T, string> id,
    Func<T, DateTime> created,
    Func<T, IEnumerable<ConnectorRecord>> records,
    bool incremental = true) : IConnectorStream where T : IStripeEntity
{
    public sealed record ListOptions(long Limit, string? After, DateRangeOptions? Created);

    private sealed record Cursor(long? Since, string? After, long? Newest);

    public string Name => name;

    public async Task<StreamPage> ReadPageAsync(ConnectorSession session, string? cursor, CancellationToken cancellationToken)
    {
        var position = cursor is null ? new Cursor(null, null, null) : JsonSerializer.Deserialize<Cursor>(cursor)!;
        var since = position.Since is { } s ? DateTimeOffset.FromUnixTimeSeconds(s).UtcDateTime : (DateTime?)null;
        var page = await StripeCalls.RunAsync(() => list(StripeCalls.Client(session),
            new ListOptions(100, position.After, since is null ? null : new DateRangeOptions { GreaterThanOrEqual = since }), cancellationToken));

        var converted = new List<ConnectorRecord>(page.Data.Count);
        long? newest = position.Newest;
        foreach (var item in page.Data)
        {
            try
            {
                converted.AddRange(records(item));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new ConnectorDataException($"stripe {name} record {id(item)} could not be read: {ex.Message}", ex);
            }
            var seconds = new DateTimeOffset(DateTime.SpecifyKind(created(item), DateTimeKind.Utc)).ToUnixTimeSeconds();
            newest = newest is null || seconds > newest ? seconds : newest;
        }

        if (page.HasMore) return new StreamPage(converted, JsonSerializer.Serialize(position with { After = id(page.Data[^1]), Newest = newest }), Done: false);
        // Pass complete: the next sync asks for what is newer than (or as new as) the newest seen; upserts absorb the overlap.
        var next = incremental ? JsonSerializer.Serialize(new Cursor(newest ?? position.Since, null, null)) : null;
        return new StreamPage(converted, next, Done: true);
    }
}

/// <summary>Stripe.net clients over our resilient HttpClient, and Stripe errors as typed connector failures.</summary>
internal static partial class StripeCalls
{
    public static IStripeClient Client(ConnectorSession session) => new StripeClient(new StripeClientOptions
    {
        ApiKey = session.Credential("apiKey"),
        ApiBase = session.BaseUrl.ToString().TrimEnd('/'),
        // Retries live in the HttpClient's resilience handler; Stripe.net must not retry on top.
        HttpClient = new SystemNetHttpClient(session.Http, maxNetworkRetries: 0),
    });

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z_]{1,60}$")]
    private static partial System.Text.RegularExpressions.Regex StripeIdentifier();

    public static async Task<TResult> RunAsync<TResult>(Func<Task<TResult>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeException ex)
        {
            // Stripe.net puts the whole body in the message when it is not a Stripe error ("Invalid response object from
            // API: <html>…"): say what happened instead, with at most Stripe's own error type and code.
            var status = (int)ex.HttpStatusCode;
            var kind = string.Join(", ", new[] { ex.StripeError?.Type, ex.StripeError?.Code }.Where(k => k is not null && StripeIdentifier().IsMatch(k)));
            var at = kind.Length == 0 ? $"HTTP {status}" : $"HTTP {status}, {kind}";
            throw ex.HttpStatusCode switch
            {
                HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError => new ConnectorUnavailableException($"Stripe is unavailable ({at})"),
                _ when ex.StripeError?.Type is null => new ConnectorDataException($"the server did not answer like Stripe's API ({at})", ex),
                HttpStatusCode.Forbidden when StripePermissions.MissingIn(ex.StripeError?.Message) is { } permission => new StripePermissionException(permission),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new ConnectorAuthException($"Stripe refused the API key ({at})"),
                _ => new ConnectorDataException($"Stripe rejected the request ({at})", ex),
            };
        }
    }
}

/// <summary>A restricted key lacks a permission Stripe named (a 403): reconnecting with the permission added helps, retrying does not.</summary>
internal sealed class StripePermissionException(string permission) : ConnectorAuthException(StripePermissions.Refusal([permission]))
{
    public string Permission { get; } = permission;
}
