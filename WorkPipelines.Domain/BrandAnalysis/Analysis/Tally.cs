namespace WorkPipelines.Domain.BrandAnalysis.Analysis;

/// <summary>Counts uses of something and remembers the first few pages it was seen on.</summary>
internal sealed class Tally
{
    private const int PagesKept = 5;

    public int Uses { get; private set; }
    public bool Flag { get; set; }
    public List<string> Pages { get; } = [];

    public Tally Add(IEnumerable<string> pages, int uses = 1)
    {
        Uses += uses;
        foreach (var page in pages)
            if (Pages.Count < PagesKept && !Pages.Contains(page)) Pages.Add(page);
        return this;
    }
}

internal static class TallyExtensions
{
    public static Tally For<TKey>(this Dictionary<TKey, Tally> tallies, TKey key) where TKey : notnull =>
        tallies.TryGetValue(key, out var tally) ? tally : tallies[key] = new Tally();
}
