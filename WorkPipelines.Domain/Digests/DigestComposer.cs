using System.Text;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Alerts;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Goals;
using WorkPipelines.Domain.Metrics;

namespace WorkPipelines.Domain.Digests;

/// <summary>One number of the scorecard: its value over the period and its change against the one before, in words.</summary>
public sealed record DigestNumber(string Label, string Value, string? Change);

/// <summary>What a digest says: the numbers, the goals' pace, what fired, which connections need attention, and a link back.</summary>
public sealed record DigestContent(string Subject, string Covers, IReadOnlyList<DigestNumber> Numbers, IReadOnlyList<string> Goals,
    IReadOnlyList<string> Alerts, IReadOnlyList<string> Attention, string? Link)
{
    /// <summary>The plain-text email body.</summary>
    public string ToText() => Render(bold: s => s, link: url => $"Open the dashboard: {url}");

    /// <summary>Slack's mrkdwn: *bold*, &lt;url|label&gt; links, &amp; &lt; &gt; escaped (docs.slack.dev/messaging/formatting-message-text).</summary>
    public string ToSlack() => Render(bold: s => $"*{AlertWebhooks.Escape(s)}*", link: url => $"<{url}|Open the dashboard>", escape: AlertWebhooks.Escape);

    private string Render(Func<string, string> bold, Func<string, string> link, Func<string, string>? escape = null)
    {
        escape ??= s => s;
        var text = new StringBuilder().AppendLine(bold(Subject)).AppendLine(escape(Covers)).AppendLine();
        foreach (var n in Numbers) text.AppendLine(escape($"• {n.Label}: {n.Value}" + (n.Change is null ? "" : $" ({n.Change})")));
        Section(text, "Goals", Goals, bold, escape);
        Section(text, "Alerts that fired", Alerts, bold, escape);
        Section(text, "Needs attention", Attention, bold, escape);
        if (Link is not null) text.AppendLine().AppendLine(link(Link));
        return text.ToString().TrimEnd();
    }

    private static void Section(StringBuilder text, string title, IReadOnlyList<string> lines, Func<string, string> bold, Func<string, string> escape)
    {
        if (lines.Count == 0) return;
        text.AppendLine().AppendLine(bold(title));
        foreach (var line in lines) text.AppendLine(escape($"• {line}"));
    }
}

/// <summary>Builds a digest's content for the current workspace from the daily metrics, goals, alert firings and connections.</summary>
public sealed class DigestComposer(WorkDbContext db, MetricReader reader, GoalService goals)
{
    /// <summary>What a digest shows when its owner picked nothing: the numbers a small business looks at first.</summary>
    public static readonly IReadOnlyList<string> DefaultMetrics = ["revenue", "customers", "traffic.sessions", "ad_spend", "support.first_reply"];

    public async Task<DigestContent> ComposeAsync(Digest digest, string workspaceName, string currency, DateOnly today, string? appUrl, CancellationToken cancellationToken)
    {
        var (period, before) = DigestClock.Covers(digest.Cadence, today);
        List<DigestNumber> numbers = [];
        foreach (var key in digest.Metrics.Count > 0 ? digest.Metrics : DefaultMetrics)
        {
            if (MetricCatalogue.Find(key) is not { } metric) continue;
            var readings = await reader.ReadAsync(metric, [period, before], cancellationToken);
            if (readings.Values is not [var now, var then]) continue;
            var value = now is { } v ? AlertEvaluator.Format(metric, v, readings.Currency ?? currency) : readings.Note ?? "no data";
            string? change = now is { } a && then is { } b && b != 0 ? $"{((a - b) / Math.Abs(b) * 100):+0;-0;0} % on the {(digest.Cadence == DigestCadence.Daily ? "day" : "week")} before" : null;
            numbers.Add(new DigestNumber(AlertEvaluator.Name(metric), value, change));
        }

        var goalLines = (await goals.ListAsync(cancellationToken: cancellationToken))
            .Where(g => g.Progress.Value is not null).Select(g => $"{g.MetricLabel}: {g.Progress.Sentence}").ToList();
        var rules = await db.Set<AlertRule>().AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
        var fired = await db.Set<AlertFiring>().AsNoTracking().Where(f => f.Day >= period.From && f.Day <= period.To)
            .OrderBy(f => f.Day).Select(f => new { f.RuleId, f.Message }).ToListAsync(cancellationToken);
        var attention = await db.Connections.AsNoTracking()
            .Where(c => c.Paused || c.Status == ConnectionStatus.Failing || c.Status == ConnectionStatus.NeedsReconnect)
            .Select(c => new { c.Provider, c.Status, c.Paused }).ToListAsync(cancellationToken);

        var covers = digest.Cadence == DigestCadence.Daily
            ? $"{period.From:dddd, MMMM d} against the day before"
            : $"{period.From:MMM d} – {period.To:MMM d} against the week before";
        return new DigestContent(
            $"{(digest.Cadence == DigestCadence.Daily ? "Daily" : "Weekly")} scorecard for {workspaceName}", covers, numbers, goalLines,
            [.. fired.Select(f => $"{rules.GetValueOrDefault(f.RuleId, "An alert")}: {f.Message}")],
            [.. attention.Select(c => $"{ProviderCatalog.Find(c.Provider)?.Title ?? c.Provider}: {(c.Paused ? "paused" : c.Status == ConnectionStatus.NeedsReconnect ? "needs reconnecting" : "its last sync failed")}")],
            appUrl is { Length: > 0 } ? $"{appUrl.TrimEnd('/')}/dashboard?period=custom&from={period.From:yyyy-MM-dd}&to={period.To:yyyy-MM-dd}&compare=previous" : null);
    }
}
