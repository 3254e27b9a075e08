using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox.Shopify;

/// <summary>
/// A sandbox shop's orders (with line items and refunds) and customers, generated per day. Ids
/// carry their day (<c>dayNumber * 10000 + index</c>) so a page after a cursor starts at the
/// right day without generating the rest of history.
/// </summary>
internal static class ShopifySandboxData
{
    public sealed record LineItem(long Id, string Product, int Quantity, decimal Total);
    public sealed record Refund(long Id, long CreatedAt, decimal Amount);
    public sealed record Order(long Id, long CreatedAt, long UpdatedAt, decimal Total, IReadOnlyList<LineItem> Lines, IReadOnlyList<Refund> Refunds);
    public sealed record Customer(long Id, long CreatedAt, long UpdatedAt, string FirstName, string LastName);

    /// <summary>Refunds come at most this many days after their order; an order is updated at most this late.</summary>
    public const int RefundWindowDays = 10;

    private static readonly (string Title, decimal Price)[] Products =
    [
        ("Linen Shirt", 59m), ("Canvas Tote", 24m), ("Merino Beanie", 32m), ("Trail Sneakers", 119m), ("Rain Jacket", 149m),
        ("Wool Socks (3-pack)", 18m), ("Leather Belt", 45m), ("Denim Jeans", 89m), ("Sunglasses", 65m), ("Water Bottle", 21m),
    ];
    private static readonly string[] FirstNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim"];
    private static readonly string[] LastNames = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Hamilton"];

    /// <summary>Orders created on <paramref name="day"/>; refunds after <paramref name="end"/> (unix seconds) have not happened yet.</summary>
    public static IReadOnlyList<Order> OrdersCreatedOn(SandboxAccount account, DateOnly day, long end)
    {
        var random = SandboxData.For(account, "shopify.orders", day);
        var count = SandboxData.Volume(account, "shopify.orders", day, 8);
        return Enumerable.Range(0, count).Select(i =>
        {
            var id = Id(day, i);
            var created = SandboxData.MomentIn(day, random);
            var lines = Enumerable.Range(0, 1 + random.Next(0, 4)).Select(j =>
            {
                var (title, price) = Products[random.Next(Products.Length)];
                var quantity = random.NextDouble() < 0.8 ? 1 : 2;
                return new LineItem(id * 10 + j, title, quantity, price * quantity);
            }).ToList();
            var total = lines.Sum(l => l.Total);
            var refunds = new List<Refund>();
            if (random.NextDouble() < 0.06)
            {
                var at = created + random.Next(3_600, RefundWindowDays * 86_400);
                if (at < end) refunds.Add(new Refund(id * 10 + 1, at, random.NextDouble() < 0.6 ? total : lines[0].Total));
            }
            return new Order(id, created, refunds.Count > 0 ? refunds.Max(r => r.CreatedAt) : created, total, lines, refunds);
        }).ToList();
    }

    /// <summary>Orders whose <c>updated_at</c> falls on <paramref name="day"/>, in the API's UPDATED_AT order.</summary>
    public static IReadOnlyList<Order> OrdersUpdatedOn(SandboxAccount account, DateOnly day, DateOnly firstDay, long end)
    {
        var start = StartOf(day);
        var orders = new List<Order>();
        for (var created = day.AddDays(-RefundWindowDays - 1); created <= day; created = created.AddDays(1))
        {
            if (created < firstDay) continue;
            orders.AddRange(OrdersCreatedOn(account, created, end).Where(o => o.UpdatedAt >= start && o.UpdatedAt < start + 86_400));
        }
        return orders.OrderBy(o => o.UpdatedAt).ThenBy(o => o.Id).ToList();
    }

    public static IReadOnlyList<Customer> CustomersCreatedOn(SandboxAccount account, DateOnly day)
    {
        var random = SandboxData.For(account, "shopify.customers", day);
        var count = SandboxData.Volume(account, "shopify.customers", day, 4);
        return Enumerable.Range(0, count).Select(i =>
        {
            var created = SandboxData.MomentIn(day, random);
            return new Customer(Id(day, i), created, created, FirstNames[random.Next(FirstNames.Length)], LastNames[random.Next(LastNames.Length)]);
        }).OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id).ToList();
    }

    public static long Id(DateOnly day, int index) => day.DayNumber * 10_000L + index;

    public static DateOnly DayOf(long id) => DateOnly.FromDayNumber((int)(id / 10_000));

    public static long StartOf(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
}
