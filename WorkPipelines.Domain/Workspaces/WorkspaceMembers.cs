using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Identity;

namespace WorkPipelines.Domain.Workspaces;

/// <summary>
/// Member management of the current workspace. Every command checks the caller's role itself,
/// so a page's event handler and an API call get the same answer.
/// </summary>
public sealed class WorkspaceMembers(
    WorkDbContext db,
    CurrentWorkspace workspace,
    ILookupNormalizer normalizer,
    ActivityLog activity,
    TimeProvider time)
{
    public const string AdminOnly = "Only workspace admins can manage members.";
    public const string LastAdmin = "A workspace needs at least one admin. Make another member an admin first.";

    public Task<List<MemberView>> ListAsync(CancellationToken cancellationToken = default) =>
        db.Memberships.AsNoTracking()
            .OrderByDescending(m => m.Role).ThenBy(m => m.User!.Email)
            .Select(m => new MemberView(m.Id, m.UserId, m.User!.Email ?? "", m.User.DisplayName, m.Role, m.JoinedAt))
            .ToListAsync(cancellationToken);

    public async Task<(WorkResult Result, MemberView? Member)> AddAsync(string email, WorkspaceRole role, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return (WorkResult.Forbidden(AdminOnly), null);
        if (!Enum.IsDefined(role)) return (WorkResult.Invalid(UnknownRole(role.ToString())), null);
        email = email?.Trim() ?? "";
        if (!new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email) || email.Length == 0)
            return (WorkResult.Invalid($"'{email}' is not an email address."), null);

        var normalized = normalizer.NormalizeEmail(email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (user is null)
            return (WorkResult.Invalid($"No account uses {email}. Ask them to register first, then add them here."), null);
        if (await db.Memberships.AnyAsync(m => m.UserId == user.Id, cancellationToken))
            return (WorkResult.Conflict($"{email} is already a member of this workspace."), null);

        var membership = new Membership { WorkspaceId = workspace.WorkspaceId, UserId = user.Id, Role = role, JoinedAt = time.GetUtcNow() };
        db.Memberships.Add(membership);
        await activity.RecordAsync("member.added", $"{email} as {role}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (WorkResult.Ok, new MemberView(membership.Id, user.Id, user.Email ?? email, user.DisplayName, role, membership.JoinedAt));
    }

    public async Task<WorkResult> ChangeRoleAsync(Guid membershipId, WorkspaceRole role, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return WorkResult.Forbidden(AdminOnly);
        if (!Enum.IsDefined(role)) return WorkResult.Invalid(UnknownRole(role.ToString()));

        var membership = await FindAsync(membershipId, cancellationToken);
        if (membership is null) return MemberNotFound(membershipId);
        if (membership.Role == role) return WorkResult.Ok;
        if (membership.Role == WorkspaceRole.Admin && await IsLastAdminAsync(cancellationToken)) return WorkResult.Conflict(LastAdmin);

        membership.Role = role;
        await activity.RecordAsync("member.role_changed", $"{membership.User!.Email} to {role}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return WorkResult.Ok;
    }

    public async Task<WorkResult> RemoveAsync(Guid membershipId, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return WorkResult.Forbidden(AdminOnly);

        var membership = await FindAsync(membershipId, cancellationToken);
        if (membership is null) return MemberNotFound(membershipId);
        if (membership.Role == WorkspaceRole.Admin && await IsLastAdminAsync(cancellationToken)) return WorkResult.Conflict(LastAdmin);

        db.Memberships.Remove(membership);
        await activity.RecordAsync("member.removed", membership.User!.Email, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return WorkResult.Ok;
    }

    public static string UnknownRole(string given) =>
        $"Unknown role '{given}'; valid roles: {string.Join(", ", Enum.GetNames<WorkspaceRole>())}.";

    private Task<Membership?> FindAsync(Guid membershipId, CancellationToken cancellationToken) =>
        db.Memberships.Include(m => m.User).SingleOrDefaultAsync(m => m.Id == membershipId, cancellationToken);

    private async Task<bool> IsLastAdminAsync(CancellationToken cancellationToken) =>
        await db.Memberships.CountAsync(m => m.Role == WorkspaceRole.Admin, cancellationToken) <= 1;

    private static WorkResult MemberNotFound(Guid id) => WorkResult.NotFound($"Member {id} was not found in this workspace.");
}

public sealed record MemberView(Guid Id, string UserId, string Email, string? DisplayName, WorkspaceRole Role, DateTimeOffset JoinedAt);
