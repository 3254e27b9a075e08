namespace WorkPipelines.Domain.BrandAnalysis;

/// <summary>What changed between two profiles of a site, area by area, in words a person can scan.</summary>
public static class BrandComparison
{
    public static IReadOnlyList<BrandChange> Compare(BrandProfile before, BrandProfile after)
    {
        var changes = new List<BrandChange>();
        void Sets(string area, IEnumerable<string> was, IEnumerable<string> now)
        {
            var (a, b) = (was.ToHashSet(StringComparer.OrdinalIgnoreCase), now.ToHashSet(StringComparer.OrdinalIgnoreCase));
            changes.AddRange(b.Where(x => !a.Contains(x)).Select(x => new BrandChange(area, $"added {x}")));
            changes.AddRange(a.Where(x => !b.Contains(x)).Select(x => new BrandChange(area, $"dropped {x}")));
        }

        if (before.Voice.Headline?.Value != after.Voice.Headline?.Value)
            changes.Add(new BrandChange("Headline", $"“{before.Voice.Headline?.Value}” → “{after.Voice.Headline?.Value}”"));
        Sets("Palette", before.Visual.Palette.Select(c => c.Hex), after.Visual.Palette.Select(c => c.Hex));
        Sets("Fonts", before.Visual.Fonts.Select(f => f.Family), after.Visual.Fonts.Select(f => f.Family));
        Sets("Keywords", before.Voice.Keywords.Take(10).Select(k => k.Term), after.Voice.Keywords.Take(10).Select(k => k.Term));
        Sets("Tech", before.Technology.Select(t => t.Name), after.Technology.Select(t => t.Name));
        foreach (var check in after.Seo)
            if (before.Seo.FirstOrDefault(c => c.Key == check.Key) is { } was && was.Passed != check.Passed)
                changes.Add(new BrandChange("SEO", $"{check.Title} now {(check.Passed ? "passes" : "fails")}: {check.Detail}"));
        return changes;
    }
}

/// <summary>One difference: the area (Palette, Fonts, Keywords, Tech, SEO, Headline) and what happened.</summary>
public sealed record BrandChange(string Area, string Text);
