using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox;

/// <summary>
/// Deterministic, plausible business data: the same account, stream and day always give the
/// same numbers. Volumes follow a yearly season (peak in late November), a weekly rhythm,
/// slow growth and noise.
/// </summary>
public static class SandboxData
{
    /// <summary>The account's days, oldest first.</summary>
    public static IEnumerable<DateOnly> Days(SandboxAccount account, DateOnly today)
    {
        var last = account.EndsOn ?? today;
        for (var day = last.AddDays(1 - account.HistoryDays); day <= last; day = day.AddDays(1)) yield return day;
    }

    /// <summary>A random source fixed by (account, stream, day).</summary>
    public static Random For(SandboxAccount account, string stream, DateOnly day) =>
        new(unchecked((int)StableHash($"{account.Seed}:{stream}:{day.DayNumber}")));

    /// <summary>How many events of size <paramref name="typical"/> happen that day.</summary>
    public static int Volume(SandboxAccount account, string stream, DateOnly day, double typical)
    {
        var random = For(account, stream + ":volume", day);
        var season = 1 + 0.35 * Math.Cos(2 * Math.PI * (day.DayOfYear - 330) / 365.0);
        var week = day.DayOfWeek switch { DayOfWeek.Saturday => 0.75, DayOfWeek.Sunday => 0.65, DayOfWeek.Monday => 1.1, _ => 1.0 };
        var growth = 1 + 0.0006 * (day.DayNumber % 3650);
        var noise = 0.85 + 0.3 * random.NextDouble();
        return Math.Max(0, (int)Math.Round(typical * season * week * growth * noise / 1.6));
    }

    /// <summary>Unix seconds of a moment within <paramref name="day"/> chosen by <paramref name="random"/>.</summary>
    public static long MomentIn(DateOnly day, Random random) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddSeconds(random.Next(0, 86_400)).ToUnixTimeSeconds();

    /// <summary>FNV-1a: stable across processes, unlike string.GetHashCode.</summary>
    public static uint StableHash(string text)
    {
        var hash = 2166136261;
        foreach (var c in text) hash = (hash ^ c) * 16777619;
        return hash;
    }
}
