using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox.Social;

/// <summary>
/// The Instagram professional account connected to a sandbox Facebook Page: its daily reach, views, profile views,
/// accounts engaged and interactions, a slowly growing follower count, and a post or reel most days with its lifetime
/// insights. Every sandbox Page has one except <see cref="PageWithoutInstagram"/>. Media ids carry their day, so a page
/// after a cursor starts at the right day without generating the whole history.
/// </summary>
internal static class InstagramSandboxData
{
    /// <summary>A Page with no Instagram account connected: its node has no <c>instagram_business_account</c>.</summary>
    public const string PageWithoutInstagram = "1000000003";

    public sealed record AccountDay(DateOnly Day, long Reach, long Views, long ProfileViews, long AccountsEngaged, long Interactions);

    public sealed record Media(string Id, long Created, string? Caption, string MediaType, string ProductType,
        long Reach, long Views, long Likes, long Comments, long Saved, long Shares)
    {
        public long Interactions => Likes + Comments + Saved + Shares;
    }

    private static readonly string[] Captions =
    [
        "Sunday on the trail 🥾 #outdoors #hiking",
        "Meet our designer: 12 years, 4 continents, 1 jacket.",
        "The Linen Shirt is back. Light, breathable, a little creased on purpose.",
        "Reel: a Rain Jacket into its own pocket in 15 seconds (it took us 400 tries)",
        "Which colour should we bring back next? Vote in the comments 👇",
        "New sunglasses, same sunny outlook.",
    ];

    /// <summary>Instagram user ids are 17 digits starting 1784; ours is the Page's id behind that prefix.</summary>
    public static string? UserIdOf(string pageId) =>
        pageId == PageWithoutInstagram || pageId.Length > 13 ? null : "1784" + pageId.PadLeft(13, '0');

    public static bool IsUserId(string node) => node.Length == 17 && node.StartsWith("1784", StringComparison.Ordinal);

    public static long Followers(SandboxAccount account, DateOnly day) =>
        800 + account.Seed % 3000 + (long)(1.2 * (day.DayNumber - 730_000)) + SandboxData.For(account, "instagram:followers", day).Next(-3, 4);

    public static AccountDay Day(SandboxAccount account, DateOnly day)
    {
        var random = SandboxData.For(account, "instagram:account", day);
        var reach = SandboxData.Volume(account, "instagram:reach", day, 1800);
        var engaged = (long)Math.Round(reach * (0.03 + 0.05 * random.NextDouble()));
        return new AccountDay(day, reach, (long)Math.Round(reach * (1.6 + 0.8 * random.NextDouble())),
            (long)Math.Round(reach * (0.02 + 0.03 * random.NextDouble())), engaged, (long)Math.Round(engaged * (1.2 + 0.6 * random.NextDouble())));
    }

    /// <summary>The day's feed posts and reels, newest first, as <c>/media</c> lists them.</summary>
    public static IReadOnlyList<Media> MediaOn(SandboxAccount account, DateOnly day)
    {
        var random = SandboxData.For(account, "instagram:media", day);
        var count = SandboxData.Volume(account, "instagram:media", day, 1.2);
        return Enumerable.Range(0, count).Select(i =>
        {
            var created = SandboxData.MomentIn(day, random);
            var reel = random.NextDouble() < 0.35;
            var reach = (long)Math.Round(Math.Exp(5.8 + 0.8 * random.NextDouble() + (reel ? 0.6 : 0)));
            var likes = (long)Math.Round(reach * (0.04 + 0.06 * random.NextDouble()));
            return new Media(MediaId(day, i), created, random.NextDouble() < 0.05 ? null : Captions[random.Next(Captions.Length)],
                reel ? "VIDEO" : random.NextDouble() < 0.3 ? "CAROUSEL_ALBUM" : "IMAGE", reel ? "REELS" : "FEED",
                reach, (long)Math.Round(reach * (1.3 + random.NextDouble())), likes, random.Next(0, (int)(likes / 8) + 2),
                random.Next(0, (int)(likes / 5) + 2), random.Next(0, (int)(likes / 10) + 2));
        }).OrderByDescending(m => m.Created).ThenByDescending(m => m.Id, StringComparer.Ordinal).ToList();
    }

    public static string MediaId(DateOnly day, int index) => $"1790{day.DayNumber:D6}{index:D3}0000";

    public static DateOnly? DayOf(string mediaId) =>
        mediaId.Length == 17 && mediaId.StartsWith("1790", StringComparison.Ordinal) && int.TryParse(mediaId.AsSpan(4, 6), out var dayNumber)
            ? DateOnly.FromDayNumber(dayNumber) : null;
}
