using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Sharing;

/// <summary>
/// The workspace's share links: list and read them (members too: everyone may see what is shared), create and revoke them
/// (admins, like connecting sources). Checks role and workspace itself: the shares page and the API call it the same way.
/// </summary>
public sealed class ShareService(WorkDbContext db, CurrentWorkspace workspace, PeriodResolver periods, ActivityLog activity,
    ShareRevocations revocations, TimeProvider time)
{
    public const string AdminOnly = "Only workspace admins can create or revoke share links.";
    public const int MaxNameLength = 80;

    /// <summary>How long a link may last, in days: a link is for a meeting, a week's screen, a month's board; never for ever.</summary>
    public static IReadOnlyList<int> ExpiryChoices { get; } = [1, 7, 30, 90];

    public async Task<IReadOnlyList<ShareView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var shares = await db.Set<Share>().AsNoTracking().OrderByDescending(s => s.CreatedAt).ToListAsync(cancellationToken);
        var names = await CreatorsAsync(shares, cancellationToken);
        return shares.Select(s => View(s, names)).ToList();
    }

    public async Task<ShareView?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var share = await db.Set<Share>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return share is null ? null : View(share, await CreatorsAsync([share], cancellationToken));
    }

    public async Task<(WorkResult Result, ShareCreated? Created)> CreateAsync(ShareInput input, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return (WorkResult.Forbidden(AdminOnly), null);
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name)) return (WorkResult.Invalid("name is missing; give the link a name people will recognise, e.g. 'Board meeting'"), null);
        if (name.Length > MaxNameLength) return (WorkResult.Invalid($"name is {name.Length} characters long; at most {MaxNameLength}"), null);
        if (input.Panels is not { Count: > 0 } asked) return (WorkResult.Invalid($"panels is missing; choose at least one of: {SharePanels.Keys}"), null);
        var unknown = asked.Where(p => SharePanels.Find(p) is null).ToList();
        if (unknown.Count > 0) return (WorkResult.Invalid($"unknown panel '{unknown[0]}'; valid: {SharePanels.Keys}"), null);
        if (input.ExpiresInDays is not { } days || !ExpiryChoices.Contains(days))
            return (WorkResult.Invalid($"expiresInDays {(input.ExpiresInDays?.ToString() ?? "is missing")}; valid: {string.Join(", ", ExpiryChoices)}"), null);
        var query = new PeriodQuery(input.Period, input.Compare, input.From, input.To);
        var (period, problem) = await periods.ResolveAsync(query, cancellationToken: cancellationToken);
        if (period is null) return (WorkResult.Invalid(problem!), null);

        var chosen = SharePanels.All.Where(p => asked.Any(a => SharePanels.Find(a) == p)).Select(p => p.Key); // the dashboard's order, once each
        var token = ShareTokens.New();
        var now = time.GetUtcNow();
        var share = new Share
        {
            WorkspaceId = workspace.WorkspaceId, Name = name, TokenHash = ShareTokens.Hash(token),
            Period = period.Key, Compare = string.IsNullOrWhiteSpace(input.Compare) ? "previous" : input.Compare.Trim().ToLowerInvariant(),
            From = period.Key == "custom" ? period.From : null, To = period.Key == "custom" ? period.To : null,
            Panels = string.Join(',', chosen), ExpiresAt = now.AddDays(days), CreatedByUserId = workspace.UserId, CreatedAt = now,
        };
        db.Set<Share>().Add(share);
        await activity.RecordAsync("share.created", $"{share.Name} ({share.Panels}, until {ShareWords.Instant(share.ExpiresAt)})", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var view = View(share, await CreatorsAsync([share], cancellationToken));
        return (WorkResult.Ok, new ShareCreated(view, token, "/s/" + token));
    }

    /// <summary>Ends a link at once: the next open, panel load or live refresh of any screen showing it finds it revoked.</summary>
    public async Task<WorkResult> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var share = await db.Set<Share>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (share is null) return WorkResult.NotFound($"No share link {id} in this workspace.");
        if (!workspace.IsAdmin) return WorkResult.Forbidden(AdminOnly);
        if (share.RevokedAt is not null) return WorkResult.Ok; // revoking twice changes nothing
        share.RevokedAt = time.GetUtcNow();
        share.RevokedByUserId = workspace.UserId;
        await activity.RecordAsync("share.revoked", share.Name, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        revocations.Raise(share.Id);
        return WorkResult.Ok;
    }

    private ShareView View(Share share, IReadOnlyDictionary<string, string> creators)
    {
        var panels = share.PanelKeys.Select(SharePanels.Find).OfType<SharePanel>().ToList();
        var periodText = ShareWords.Period(share.Period, share.Compare, share.From, share.To);
        var state = share.RevokedAt is not null ? ShareState.Revoked : share.ExpiresAt <= time.GetUtcNow() ? ShareState.Expired : ShareState.Active;
        return new ShareView(share.Id, share.Name, panels, share.Period, share.Compare, share.From, share.To, periodText,
            state switch
            {
                ShareState.Active => ShareWords.Exposes(panels, periodText, share.ExpiresAt),
                // What it showed, for the record; what it shows now is nothing.
                _ => $"Nothing any more: the link {(state == ShareState.Revoked ? "was revoked" : "has expired")}. It showed {ShareWords.List(panels.Select(p => p.Title).ToList())} for {periodText}.",
            }, state, share.ExpiresAt, share.RevokedAt, share.LastOpenedAt,
            share.CreatedByUserId is { } id && creators.TryGetValue(id, out var who) ? who : null, share.CreatedAt);
    }

    private async Task<IReadOnlyDictionary<string, string>> CreatorsAsync(IReadOnlyList<Share> shares, CancellationToken cancellationToken)
    {
        var ids = shares.Select(s => s.CreatedByUserId).OfType<string>().Distinct().ToList();
        return await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName ?? u.Email ?? "someone", cancellationToken);
    }
}
