namespace WorkPipelines.Domain.Sandbox.Stripe;

/// <summary>A day's Stripe objects for a sandbox account, newest first, exactly as the real API would list them.</summary>
internal static class StripeSandboxData
{
    public sealed record Charge(string Id, long Created, long Amount, long AmountRefunded, bool Succeeded, string Customer, long? RefundedAt);
    public sealed record Customer(string Id, long Created, string Name, string Email);
    public sealed record Subscription(string Id, long Created, long MonthlyAmount, string Customer, long? CanceledAt);
    public sealed record Refund(string Id, long Created, long Amount, string Charge);

    private static readonly string[] FirstNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim", "Margaret", "Linus"];
    private static readonly string[] LastNames = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Berners-Lee", "Hamilton", "Torvalds"];
    private static readonly long[] Plans = [2900, 7900, 19900];

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
            return new Charge(Id("ch", day, i), created, Math.Max(amount, 50), refundAmount, succeeded, Id("cus", customerDay, random.Next(0, 4)), refundedAt);
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
                .Select(c => new Refund($"re_{day.DayNumber:x6}{c.Id[3..]}", c.RefundedAt!.Value, c.AmountRefunded, c.Id)));
        }
        return refunds.OrderByDescending(r => r.Created).ThenByDescending(r => r.Id, StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<Subscription> Subscriptions(SandboxAccount account, DateOnly day, DateOnly today)
    {
        var random = SandboxData.For(account, "subscriptions", day);
        var count = SandboxData.Volume(account, "subscriptions", day, 2);
        var endOfToday = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1).ToUnixTimeSeconds();
        return Enumerable.Range(0, count).Select(i =>
        {
            var created = SandboxData.MomentIn(day, random);
            var plan = Plans[random.Next(Plans.Length)];
            long? canceledAt = random.NextDouble() < 0.35 ? created + random.Next(20, 400) * 86_400L : null;
            if (canceledAt >= endOfToday) canceledAt = null;
            return new Subscription(Id("sub", day, i), created, plan, Id("cus", day, i % 4), canceledAt);
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
