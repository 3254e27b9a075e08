namespace WorkPipelines.Domain.BrandAnalysis.Fetching;

/// <summary>
/// A site's robots.txt as it applies to one agent: the group naming the agent, else the <c>*</c> group;
/// the longest matching Allow/Disallow path wins (Allow on a tie), <c>*</c> and a trailing <c>$</c> as in RFC 9309.
/// </summary>
public sealed class RobotsTxt
{
    private readonly List<(string Path, bool Allow)> _rules;

    private RobotsTxt(List<(string Path, bool Allow)> rules, List<string> sitemaps)
    {
        _rules = rules;
        Sitemaps = sitemaps;
    }

    public static RobotsTxt AllowAll { get; } = new([], []);

    /// <summary>Sitemap URLs the file lists (they apply to every agent).</summary>
    public IReadOnlyList<string> Sitemaps { get; }

    public static RobotsTxt Parse(string text, string agent)
    {
        var groups = new List<(List<string> Agents, List<(string, bool)> Rules)>();
        var sitemaps = new List<string>();
        (List<string> Agents, List<(string, bool)> Rules)? current = null;
        var lastWasAgent = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var field = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            switch (field)
            {
                case "user-agent":
                    if (current is null || !lastWasAgent) groups.Add((current = ([], [])).Value);
                    current.Value.Agents.Add(value.ToLowerInvariant());
                    lastWasAgent = true;
                    continue;
                case "allow" or "disallow" when current is not null:
                    if (value.Length > 0 || field == "allow") current.Value.Rules.Add((value, field == "allow"));
                    break;
                case "sitemap":
                    sitemaps.Add(value);
                    break;
            }
            lastWasAgent = false;
        }

        var name = agent.ToLowerInvariant();
        var mine = groups.Where(g => g.Agents.Any(a => a != "*" && name.StartsWith(a, StringComparison.Ordinal))).ToList();
        if (mine.Count == 0) mine = groups.Where(g => g.Agents.Contains("*")).ToList();
        return new RobotsTxt(mine.SelectMany(g => g.Rules).ToList(), sitemaps);
    }

    /// <summary>Whether the agent may fetch this path (with its query).</summary>
    public bool Allows(string pathAndQuery)
    {
        var best = (Length: -1, Allow: true);
        foreach (var (path, allow) in _rules)
        {
            if (!Matches(path, pathAndQuery)) continue;
            if (path.Length > best.Length || (path.Length == best.Length && allow)) best = (path.Length, allow);
        }
        return best.Allow;
    }

    private static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        var body = string.Join(".*", (anchored ? pattern[..^1] : pattern).Split('*').Select(System.Text.RegularExpressions.Regex.Escape));
        return System.Text.RegularExpressions.Regex.IsMatch(path, "^" + body + (anchored ? "$" : ""), System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(50));
    }
}
