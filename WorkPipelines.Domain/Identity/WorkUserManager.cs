using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Identity;

/// <summary>
/// Every way of registering (the Register page, <c>/api/auth/register</c>, the demo seeder) goes
/// through <see cref="CreateAsync(AppUser)"/>, so the user's own workspace is created here, in the
/// same transaction as the user: a registration never leaves a user without a workspace.
/// </summary>
public sealed class WorkUserManager(
    IUserStore<AppUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators,
    IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<AppUser>> logger,
    WorkDbContext db,
    WorkspaceProvisioner provisioner)
    : UserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> CreateAsync(AppUser user)
    {
        var ownsTransaction = db.Database.CurrentTransaction is null;
        await using var transaction = ownsTransaction ? await db.Database.BeginTransactionAsync(CancellationToken) : null;

        var result = await base.CreateAsync(user);
        if (!result.Succeeded) return result;

        var workspace = provisioner.AddWorkspace(user.Id, WorkspaceProvisioner.PersonalName(user.DisplayName ?? user.Email ?? user.UserName ?? "My"));
        user.CurrentWorkspaceId = workspace.Id;
        await db.SaveChangesAsync(CancellationToken);

        if (transaction is not null) await transaction.CommitAsync(CancellationToken);
        return result;
    }
}
