using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox.Meta;

/// <summary>
/// A sandbox ad account's campaigns and their daily insights. Campaigns are fixed by the account
/// seed; a campaign has a row on a day unless it was paused that day (Meta omits rows without
/// delivery). Clicks follow the seasonal volume; the rest follows from CTR, CPC and conversion rate.
/// </summary>
internal static class MetaSandboxData
{
    public sealed record Campaign(int Index, string Id, string Name, double TypicalClicks, double Cpc, double ConversionRate);

    /// <summary>One row of the insights edge; money rounded to cents as Meta reports it.</summary>
    public sealed record Row(Campaign Campaign, DateOnly Day, decimal Spend, long Impressions, long Clicks, long LinkClicks, long AddsToCart, long Purchases, decimal PurchaseValue);

    private static readonly string[] Names =
    [
        "Prospecting – Broad US", "Retargeting – Cart abandoners 14d", "Jackets – Advantage+ Shopping", "Brand Awareness – Video Reach",
        "Lookalike 1% – Purchasers", "Catalog Sales – Dynamic Ads", "Holiday Gift Guide – Carousel",
    ];

    public static IReadOnlyList<Campaign> Campaigns(SandboxAccount account)
    {
        var random = new Random(unchecked((int)SandboxData.StableHash($"{account.Seed}:meta:campaigns")));
        var count = 4 + random.Next(0, 4);
        return Enumerable.Range(0, count).Select(i => new Campaign(
            i, $"{120210000000000000L + (account.Seed % 1_000_000) * 100L + i}", Names[i],
            TypicalClicks: 20 + random.Next(0, 120), Cpc: 0.35 + random.NextDouble() * 1.6, ConversionRate: 0.01 + random.NextDouble() * 0.04)).ToList();
    }

    /// <summary>The day's rows in campaign order.</summary>
    public static IReadOnlyList<Row> Rows(SandboxAccount account, DateOnly day) =>
        Campaigns(account).Select(c => RowOf(account, c, day)).OfType<Row>().ToList();

    private static Row? RowOf(SandboxAccount account, Campaign campaign, DateOnly day)
    {
        var random = SandboxData.For(account, $"meta:{campaign.Id}", day);
        if (random.NextDouble() < 0.08) return null;
        var clicks = (long)SandboxData.Volume(account, $"meta:{campaign.Id}", day, campaign.TypicalClicks);
        var ctr = 0.008 + random.NextDouble() * 0.012;
        var impressions = (long)Math.Round(Math.Max(clicks, 1) / ctr);
        var spend = Math.Round((decimal)(clicks * campaign.Cpc * (0.85 + 0.3 * random.NextDouble()) + impressions * 0.0004), 2);
        long purchases = 0;
        decimal value = 0;
        for (var i = 0; i < clicks; i++)
        {
            if (random.NextDouble() >= campaign.ConversionRate) continue;
            purchases++;
            value += Math.Round((decimal)(25 + 140 * random.NextDouble()), 2);
        }
        var linkClicks = (long)Math.Round(clicks * (0.6 + 0.3 * random.NextDouble()));
        return new Row(campaign, day, spend, impressions, clicks, linkClicks, purchases * 3 + random.Next(0, 3), purchases, value);
    }
}
