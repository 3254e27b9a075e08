using System.Security.Cryptography;
using System.Text;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox.Mailchimp;

/// <summary>
/// A sandbox Mailchimp account: two audiences (lists) that gain members every day, and a
/// campaign every Tuesday and Thursday with their report figures. Campaign ids carry their day.
/// </summary>
internal static class MailchimpSandboxData
{
    public sealed record Audience(string Id, int WebId, string Name, double Typical);
    public sealed record Member(string Id, string Email, string Status, long TimestampOpt);
    public sealed record Report(string Id, string Title, string ListId, string ListName, long SendTime, int EmailsSent,
        int UniqueOpens, int OpensTotal, int UniqueClicks, int ClicksTotal, int Unsubscribed, int HardBounces, int SoftBounces, int SyntaxErrors);

    private static readonly string[] Themes = ["Seasonal sale", "New arrivals", "Weekly digest", "Member perks", "Last chance", "Product tips", "Back in stock"];

    public static IReadOnlyList<Audience> Audiences(SandboxAccount account) =>
    [
        new(Hex(account, "list0"), 100_000 + account.Seed % 1000, "Newsletter", 6),
        new(Hex(account, "list1"), 101_000 + account.Seed % 1000, "Customers", 3),
    ];

    /// <summary>How many members opted in to <paramref name="audience"/> on <paramref name="day"/> (cheap: no members generated).</summary>
    public static int MemberCount(SandboxAccount account, Audience audience, DateOnly day) =>
        SandboxData.Volume(account, "mailchimp.members:" + audience.Id, day, audience.Typical);

    /// <summary>Members who opted in on <paramref name="day"/>, oldest first (the order of sort_field=timestamp_opt&amp;sort_dir=ASC).</summary>
    public static IReadOnlyList<Member> Members(SandboxAccount account, Audience audience, DateOnly day)
    {
        var random = SandboxData.For(account, "mailchimp.members:" + audience.Id, day);
        return Enumerable.Range(0, MemberCount(account, audience, day)).Select(i =>
        {
            var email = $"reader.{day.DayNumber}.{i}@{audience.Name.ToLowerInvariant()}.example.com";
            var roll = random.NextDouble();
            var status = roll < 0.9 ? "subscribed" : roll < 0.97 ? "unsubscribed" : "cleaned";
            return new Member(SubscriberHash(email), email, status, SandboxData.MomentIn(day, random));
        }).OrderBy(m => m.TimestampOpt).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Campaigns sent on <paramref name="day"/> with their report figures, newest first.</summary>
    public static IReadOnlyList<Report> Reports(SandboxAccount account, DateOnly day)
    {
        var random = SandboxData.For(account, "mailchimp.campaigns", day);
        // A small shop mails its lists twice a week (a campaign on Tuesdays and Thursdays): Volume grows with the years
        // and gave 20-60 campaigns a month.
        var count = day.DayOfWeek is DayOfWeek.Tuesday or DayOfWeek.Thursday ? 1 : 0;
        var audiences = Audiences(account);
        return Enumerable.Range(0, count).Select(i =>
        {
            var audience = audiences[random.Next(audiences.Count)];
            var sent = 800 + random.Next(0, 4000);
            var opens = (int)(sent * (0.18 + 0.2 * random.NextDouble()));
            var clicks = (int)(opens * (0.08 + 0.15 * random.NextDouble()));
            var send = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(8 + random.Next(0, 10)).AddMinutes(random.Next(0, 60)).ToUnixTimeSeconds();
            return new Report(CampaignId(account, day, i), $"{Themes[random.Next(Themes.Length)]} {day:MMM d}", audience.Id, audience.Name, send, sent,
                opens, opens + random.Next(0, opens / 2 + 1), clicks, clicks + random.Next(0, clicks / 2 + 1),
                random.Next(0, sent / 300 + 1), random.Next(0, sent / 400 + 1), random.Next(0, sent / 200 + 1), 0);
        }).OrderByDescending(r => r.SendTime).ThenByDescending(r => r.Id, StringComparer.Ordinal).ToList();
    }

    // Mailchimp ids are 10 hex characters; ours start with the day so a day's campaigns can be found again.
    private static string CampaignId(SandboxAccount account, DateOnly day, int index) => $"{day.DayNumber:x6}{index:x2}{account.Seed & 0xff:x2}";

    private static string Hex(SandboxAccount account, string salt) => SandboxData.StableHash($"{account.Seed}:{salt}").ToString("x8") + "00";

    /// <summary>Mailchimp's member id: the MD5 of the lowercase email address.</summary>
    public static string SubscriberHash(string email) =>
        Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant()))).ToLowerInvariant();
}
