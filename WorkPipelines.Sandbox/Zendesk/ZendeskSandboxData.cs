using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox.Zendesk;

/// <summary>
/// A Zendesk account's tickets for a sandbox account, by the day they were created. A ticket's
/// life (first reply, solve, satisfaction rating) unfolds over the following days, but never past
/// the end of the account's history: what has not happened by then is still open or unrated.
/// </summary>
internal static class ZendeskSandboxData
{
    /// <summary>A ticket and its metrics; times are unix seconds.</summary>
    public sealed record Ticket(
        long Id, long CreatedAt, long UpdatedAt, string Status, string Channel, string Priority, string Subject,
        long? RepliedAt, int? ReplyCalendarMinutes, int? ReplyBusinessMinutes, long? SolvedAt, string Rating, long? RatedAt);

    /// <summary>How long a ticket can take from creation to its last update; exports look back this far.</summary>
    public const int LifetimeDays = 7;

    private static readonly string[] Channels = ["email", "email", "email", "web", "web", "chat", "api"];
    private static readonly string[] Priorities = ["low", "normal", "normal", "normal", "high", "urgent"];
    private static readonly string[] Subjects =
    [
        "Cannot log in", "Invoice question", "Refund request", "Export is empty", "Dashboard not loading", "Change of plan",
        "Add a team member", "Integration stopped syncing", "Wrong currency on report", "Feature request: dark mode",
    ];

    /// <summary>Tickets created on <paramref name="day"/>, oldest first; ids carry the day (day number × 1000 + n).</summary>
    public static IReadOnlyList<Ticket> Tickets(SandboxAccount account, DateOnly day, DateOnly lastDay)
    {
        var random = SandboxData.For(account, "tickets", day);
        var count = Math.Min(999, SandboxData.Volume(account, "tickets", day, 20));
        var end = Unix(lastDay.AddDays(1));
        var created = Enumerable.Range(0, count).Select(_ => SandboxData.MomentIn(day, random)).Order().ToList();
        return created.Select((createdAt, i) =>
        {
            var calendar = (int)Math.Clamp(Math.Exp(4.2 + 1.1 * Gaussian(random)), 2, 2_880);
            var business = (int)Math.Round(calendar * (0.25 + 0.6 * random.NextDouble()));
            var solvesAfter = random.Next(20, 72 * 60) * 60L;
            var solves = random.NextDouble() < 0.88;
            var rated = random.NextDouble() < 0.38;
            var good = random.NextDouble() < 0.82;
            var offered = random.NextDouble() < 0.4;
            var rateAfter = random.Next(10, 18 * 60) * 60L;
            var channel = Channels[random.Next(Channels.Length)];
            var priority = Priorities[random.Next(Priorities.Length)];
            var subject = Subjects[random.Next(Subjects.Length)];

            long? repliedAt = createdAt + calendar * 60L < end ? createdAt + calendar * 60L : null;
            long? solvedAt = solves && repliedAt is { } r && r + solvesAfter < end ? r + solvesAfter : null;
            long? ratedAt = rated && solvedAt is { } s && s + rateAfter < end ? s + rateAfter : null;
            var status = solvedAt is { } solved ? (end - solved > 4 * 86_400 ? "closed" : "solved") : repliedAt is null ? "new" : "open";
            var rating = ratedAt is null ? (solvedAt is not null && (offered || rated) ? "offered" : "unoffered") : good ? "good" : "bad";
            var updatedAt = ratedAt ?? solvedAt ?? repliedAt ?? createdAt;
            return new Ticket(day.DayNumber * 1000L + i, createdAt, updatedAt, status, channel, priority, subject,
                repliedAt, repliedAt is null ? null : calendar, repliedAt is null ? null : business, solvedAt, rating, ratedAt);
        }).ToList();
    }

    public static DateOnly DayOf(long ticketId) => DateOnly.FromDayNumber((int)(ticketId / 1000));

    public static long Unix(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
