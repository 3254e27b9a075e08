using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox.Social;

/// <summary>
/// A sandbox Facebook Page: daily reach, engagement and a slowly growing follower count, and
/// about a post a day with its lifetime reach and engagement. Post ids carry their day, so a
/// page after a cursor starts at the right day without generating the whole history.
/// </summary>
internal static class SocialSandboxData
{
    public sealed record PageDay(DateOnly Day, long Reach, long Engagements, long Fans);

    public sealed record Post(string Id, long Created, string? Message, long Reach, IReadOnlyDictionary<string, long> Reactions, long Clicks)
    {
        /// <summary>What the connector calls engagement: every reaction plus every click.</summary>
        public long Engagements => Reactions.Values.Sum() + Clicks;
    }

    // The same shop as the Shopify and Stripe sandboxes (jackets, sneakers, shirts): a demo's posts match what it sells.
    private static readonly string[] Messages =
    [
        "New in: the Rain Jacket in forest green. Fully taped seams, and it packs into its own pocket.",
        "Behind the scenes at the warehouse this morning: packing your orders 📦",
        "Customer photo of the week: thank you for taking your Trail Sneakers up the mountain with you!",
        "We're hiring a store assistant for our downtown shop. Know someone who loves the outdoors? Tag them below 👇",
        "Flash sale: 20% off all jackets until Sunday midnight.",
        "Rain or shine, what do you wear for a weekend hike? Tell us in the comments.",
        "How to re-proof a waterproof jacket, step by step, in the comments.",
        "Open late this Friday for our winter collection launch 🎶",
    ];

    public static PageDay Day(SandboxAccount account, DateOnly day)
    {
        var random = SandboxData.For(account, "social:page", day);
        var reach = SandboxData.Volume(account, "social:reach", day, 2400);
        var engagements = (long)Math.Round(reach * (0.03 + 0.05 * random.NextDouble()));
        var baseFans = 1500 + account.Seed % 5000;
        var fans = baseFans + (long)(0.8 * (day.DayNumber - 730_000)) + random.Next(-4, 5);
        return new PageDay(day, reach, engagements, fans);
    }

    /// <summary>The day's posts, newest first, as <c>/published_posts</c> lists them.</summary>
    public static IReadOnlyList<Post> Posts(SandboxAccount account, string pageId, DateOnly day)
    {
        var random = SandboxData.For(account, "social:posts", day);
        var count = SandboxData.Volume(account, "social:posts", day, 1.8);
        return Enumerable.Range(0, count).Select(i =>
        {
            var created = SandboxData.MomentIn(day, random);
            var message = random.NextDouble() < 0.1 ? null : Messages[random.Next(Messages.Length)];
            var reach = (long)Math.Round(Math.Exp(6.2 + 0.7 * random.NextDouble() + 0.5 * random.NextDouble()));
            var engaged = (long)Math.Round(reach * (0.02 + 0.08 * random.NextDouble()));
            var likes = (long)Math.Round(engaged * 0.5);
            var love = (long)Math.Round(engaged * 0.15 * random.NextDouble());
            var wow = random.NextDouble() < 0.3 ? random.Next(0, 4) : 0;
            var reactions = new Dictionary<string, long> { ["like"] = likes, ["love"] = love, ["wow"] = wow };
            return new Post(PostId(pageId, day, i), created, message, reach, reactions, Math.Max(0, engaged - likes - love - wow));
        }).OrderByDescending(p => p.Created).ThenByDescending(p => p.Id, StringComparer.Ordinal).ToList();
    }

    public static string PostId(string pageId, DateOnly day, int index) => $"{pageId}_12210{day.DayNumber:D6}{index:D3}";

    public static DateOnly? DayOf(string postId)
    {
        var underscore = postId.IndexOf('_');
        return underscore > 0 && postId.Length == underscore + 1 + 14 && int.TryParse(postId.AsSpan(underscore + 6, 6), out var dayNumber)
            ? DateOnly.FromDayNumber(dayNumber) : null;
    }
}
