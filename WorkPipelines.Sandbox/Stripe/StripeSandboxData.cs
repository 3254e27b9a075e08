using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox.Stripe;

/// <summary>A day's Stripe objects for a sandbox account, newest first, exactly as the real API would list them.</summary>
internal static class StripeSandboxData
{
    /// <summary>A charge. <paramref name="Amount"/> and <paramref name="AmountRefunded"/> are what settles, in US cents (the
    /// account settles in USD); <paramref name="Presented"/> is what the customer paid, in <paramref name="Currency"/>'s minor unit.</summary>
    public sealed record Charge(string Id, long Created, long Amount, long AmountRefunded, bool Succeeded, string Customer, long? RefundedAt,
        string Currency = "usd", long Presented = 0)
    {
        /// <summary>The refund in the charge's own currency.</summary>
        public long PresentedRefund => Amount == 0 ? 0 : AmountRefunded * Presented / Amount;

        /// <summary>Stripe's rate from the presented currency to the settlement currency, per major unit.</summary>
        public double? ExchangeRate => Currency == "usd" ? null : Currency switch { "jpy" => 1 / 150.0, _ => 1 / 0.307 };
    }
    public sealed record Customer(string Id, long Created, string Name, string Email);
    /// <summary>A subscription on one of <see cref="Plans"/>; <paramref name="PercentOff"/> is a forever coupon, <paramref name="TrialEnd"/> a 14-day trial.</summary>
    public sealed record Subscription(string Id, long Created, Plan Plan, long Quantity, string Customer, long? CanceledAt, long? TrialEnd, int PercentOff)
    {
        /// <summary>Stripe's status for it at <paramref name="now"/> (Unix seconds).</summary>
        public string Status(long now) => CanceledAt is not null ? "canceled" : TrialEnd > now ? "trialing" : "active";
    }

    /// <summary>A price: per unit (<paramref name="UnitAmount"/>) or, when <paramref name="Tiers"/> is set, volume-tiered.</summary>
    public sealed record Plan(string Id, string Interval, long? UnitAmount, (long? UpTo, long Unit, long Flat)[]? Tiers = null);

    public static readonly Plan[] Plans =
    [
        new("price_starter_monthly", "month", 2900),
        new("price_growth_monthly", "month", 7900),
        new("price_scale_yearly", "year", 199000),
        new("price_seats_volume", "month", null, [(5, 1500, 0), (20, 1200, 0), (null, 900, 2000)]),
    ];
    /// <summary>A refund: <paramref name="Amount"/> in US cents as it leaves the balance, <paramref name="Presented"/> in the charge's currency.</summary>
    public sealed record Refund(string Id, long Created, long Amount, string Charge, string Currency = "usd", long Presented = 0);

    private static readonly string[] FirstNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim", "Margaret", "Linus"];
    private static readonly string[] LastNames = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Berners-Lee", "Hamilton", "Torvalds"];

    public static IReadOnlyList<Customer> Customers(SandboxAccount account, DateOnly day)
    {
        var random = SandboxData.For(account, "customers", day);
        var count = SandboxData.Volume(account, "customers", day, 6);
        return Enumerable.Range(0, count).Select(i =>
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            return new Customer(Id("cus", day, i), SandboxData.MomentIn(day, random), $"{first} {last}", $"{first}.{last}.{day.DayNumber}{i}@example.com".ToLowerInvariant());
        }).OrderByDescending(c => c.Created).ThenByDescending(c => c.Id, StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<Charge> Charges(SandboxAccount account, DateOnly day)
    {
        var random = SandboxData.For(account, "charges", day);
        var count = SandboxData.Volume(account, "charges", day, 40);
        return Enumerable.Range(0, count).Select(i =>
        {
            var created = SandboxData.MomentIn(day, random);
            var amount = (long)Math.Round(Math.Exp(3.3 + 0.8 * Gaussian(random)) * 100);
            var succeeded = random.NextDouble() > 0.05;
            var refunded = succeeded && random.NextDouble() < 0.04;
            var refundAmount = refunded ? (random.NextDouble() < 0.7 ? amount : amount / 2) : 0;
            long? refundedAt = refunded ? created + random.Next(3_600, 10 * 86_400) : null;
            var customerDay = day.AddDays(-random.Next(0, 60));
            var settled = Math.Max(amount, 50);
            // Some customers pay in yen (zero-decimal) or Kuwaiti dinars (three decimals); Stripe settles everything in dollars.
            var currency = random.NextDouble() switch { < 0.1 => "jpy", < 0.14 => "kwd", _ => "usd" };
            var presented = currency switch { "jpy" => settled * 150 / 100, "kwd" => settled * 307 / 100, _ => settled };
            return new Charge(Id("ch", day, i), created, settled, refundAmount, succeeded, Id("cus", customerDay, random.Next(0, 4)), refundedAt, currency, presented);
        }).OrderByDescending(c => c.Created).ThenByDescending(c => c.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Refunds created on <paramref name="day"/>: those of the last ten days' charges that fall on it.</summary>
    public static IReadOnlyList<Refund> Refunds(SandboxAccount account, DateOnly day, DateOnly firstDay)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
        var refunds = new List<Refund>();
        for (var chargeDay = day.AddDays(-11); chargeDay <= day; chargeDay = chargeDay.AddDays(1))
        {
            if (chargeDay < firstDay) continue;
            refunds.AddRange(Charges(account, chargeDay)
                .Where(c => c.RefundedAt is { } at && at >= start && at < start + 86_400)
                .Select(c => new Refund($"re_{day.DayNumber:x6}{c.Id[3..]}", c.RefundedAt!.Value, c.AmountRefunded, c.Id, c.Currency, c.PresentedRefund)));
        }
        return refunds.OrderByDescending(r => r.Created).ThenByDescending(r => r.Id, StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<Subscription> Subscriptions(SandboxAccount account, DateOnly day, DateOnly today)
    {
        var random = SandboxData.For(account, "subscriptions", day);
        var count = SandboxData.Volume(account, "subscriptions", day, 2);
        var endOfToday = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1).ToUnixTimeSeconds();
        // Some subscriptions belong to a customer of an earlier day: one whose subscription has ended comes back (a reactivation),
        // one still subscribed takes a second (an expansion). Drawn from a stream of its own, so the other draws stay as they were.
        var returning = SandboxData.For(account, "returning-customers", day);
        return Enumerable.Range(0, count).Select(i =>
        {
            var created = SandboxData.MomentIn(day, random);
            var plan = Plans[random.Next(Plans.Length)];
            var quantity = plan.Tiers is null ? 1 : random.Next(1, 30);
            long? canceledAt = random.NextDouble() < 0.35 ? created + random.Next(20, 400) * 86_400L : null;
            if (canceledAt >= endOfToday) canceledAt = null;
            long? trialEnd = random.NextDouble() < 0.2 ? created + 14 * 86_400L : null;
            var percentOff = random.NextDouble() < 0.15 ? 20 : 0;
            var customer = returning.NextDouble() < 0.15 ? Id("cus", day.AddDays(-returning.Next(30, 240)), returning.Next(0, 2)) : Id("cus", day, i % 4);
            return new Subscription(Id("sub", day, i), created, plan, quantity, customer, canceledAt, trialEnd, percentOff);
        }).OrderByDescending(s => s.Created).ThenByDescending(s => s.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Ids carry their day, so a page after <c>starting_after</c> starts at the right day without generating the others.</summary>
    public static string Id(string prefix, DateOnly day, int index) => $"{prefix}_{day.DayNumber:x6}{index:x4}sbx";

    public static DateOnly? DayOf(string? id)
    {
        var underscore = id?.IndexOf('_') ?? -1;
        if (id is null || underscore < 0 || id.Length < underscore + 7) return null;
        return int.TryParse(id.AsSpan(underscore + 1, 6), System.Globalization.NumberStyles.HexNumber, null, out var dayNumber)
            ? DateOnly.FromDayNumber(dayNumber) : null;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
