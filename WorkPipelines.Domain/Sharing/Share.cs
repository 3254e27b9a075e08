using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Sharing;

/// <summary>
/// A read-only link to one dashboard view (<c>/s/{token}</c>) that anyone holding it may open without signing in, until it
/// expires or an admin revokes it. Only the SHA-256 of the token is kept: a copy of the database does not open any link.
/// </summary>
public class Share : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public required string Name { get; set; }

    /// <summary>Hex SHA-256 of the token in the link (<see cref="ShareTokens.Hash"/>); unique.</summary>
    public required string TokenHash { get; init; }

    /// <summary>The view's period key (<see cref="Metrics.Period.Keys"/>), its comparison and, for "custom", its dates.</summary>
    public required string Period { get; init; }
    public required string Compare { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }

    /// <summary>What the link shows, comma-separated keys of <see cref="SharePanels"/>, in the dashboard's order.</summary>
    public required string Panels { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedByUserId { get; set; }

    /// <summary>Last time someone opened the link (kept to the minute: a TV open all day does not write on every refresh).</summary>
    public DateTimeOffset? LastOpenedAt { get; set; }
    public string? CreatedByUserId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public IReadOnlyList<string> PanelKeys => Panels.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
