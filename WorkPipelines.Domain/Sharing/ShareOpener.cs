using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Sharing;

/// <summary>Why a link opens or not: unknown answers 404, expired and revoked 410 (gone), and none of them shows any data.</summary>
public enum ShareOpenState { Valid, Unknown, Expired, Revoked }

/// <summary>What a valid link lets its holder see: one workspace's view, some panels, until a moment.</summary>
public sealed record ShareGrant(Guid ShareId, Guid WorkspaceId, string WorkspaceName, string Currency, string Name, PeriodQuery Query, IReadOnlyList<string> Panels,
    DateTimeOffset ExpiresAt)
{
    public bool Shows(string panel) => Panels.Contains(panel);
}

public sealed record ShareOpening(ShareOpenState State, ShareGrant? Grant);

/// <summary>
/// Looks a link's token up for someone who is not signed in. It is the only way into a share's workspace without a
/// membership, so it is asked again on every load and refresh (never cached): a revoked or expired link stops at once.
/// </summary>
public sealed class ShareOpener(WorkDbContext db, TimeProvider time)
{
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    /// <param name="touch">Record the visit as the link's "last opened" (page opens; not every panel load of an open page).</param>
    public async Task<ShareOpening> OpenAsync(string? token, bool touch = false, CancellationToken cancellationToken = default)
    {
        if (!ShareTokens.LooksValid(token)) return new(ShareOpenState.Unknown, null);
        var hash = ShareTokens.Hash(token!);
        // No workspace is known yet: the token is the key, so the tenant filter is lifted for this one lookup by its hash.
        var share = await db.Set<Share>().IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(s => s.TokenHash == hash, cancellationToken);
        if (share is null) return new(ShareOpenState.Unknown, null);
        var now = time.GetUtcNow();
        if (share.RevokedAt is not null) return new(ShareOpenState.Revoked, null);
        if (share.ExpiresAt <= now) return new(ShareOpenState.Expired, null);
        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Id == share.WorkspaceId).Select(w => new { w.Name, w.Currency }).SingleOrDefaultAsync(cancellationToken);
        if (workspace is null) return new(ShareOpenState.Unknown, null);

        if (touch && (share.LastOpenedAt is not { } last || now - last >= TouchEvery))
            await db.Set<Share>().IgnoreQueryFilters().Where(s => s.Id == share.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastOpenedAt, now), cancellationToken);
        return new(ShareOpenState.Valid, new ShareGrant(share.Id, share.WorkspaceId, workspace.Name, workspace.Currency, share.Name,
            new PeriodQuery(share.Period, share.Compare, share.From, share.To), share.PanelKeys, share.ExpiresAt));
    }

    /// <summary>
    /// Puts <paramref name="scope"/> in the link's workspace, as a reader with no user and no admin rights, when the link is
    /// still valid; otherwise leaves it empty, so every tenant query in it finds nothing (fails closed).
    /// </summary>
    public async Task<ShareGrant?> EnterAsync(string token, CurrentWorkspace scope, CancellationToken cancellationToken = default)
    {
        var opening = await OpenAsync(token, cancellationToken: cancellationToken);
        if (opening.Grant is not { } grant) return null;
        scope.Set(grant.WorkspaceId, grant.WorkspaceName, userId: null, WorkspaceRole.Member);
        return grant;
    }
}
