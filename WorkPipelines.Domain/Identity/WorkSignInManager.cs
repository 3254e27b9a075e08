using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Identity;

/// <summary>
/// Every password sign-in (the sign-in page, <c>/api/auth/login</c> with cookie or bearer) passes here,
/// so each one is recorded in the activity of the workspace the user lands in, with the address.
/// </summary>
public sealed class WorkSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    WorkspaceResolver resolver,
    ActivityLog activity,
    RequestOrigin origin,
    WorkDbContext db)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    // The hash of a password nobody knows, checked when there is no account's own hash to check.
    private static string? _noAccountHash;

    /// <summary>
    /// An unknown address, a wrong password and a locked account all answer <see cref="SignInResult.Failed"/> after
    /// checking one password hash, so neither the answer (the sign-in page, <c>/api/auth/login</c>) nor how long it
    /// takes tells whether an account exists. A locked account's owner is told on the sign-in page that five wrong
    /// passwords pause sign-in; the lockout itself is logged.
    /// </summary>
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.FindByNameAsync(userName) is { } user)
            return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        CheckAPasswordAnyway(password);
        return SignInResult.Failed;
    }

    public override async Task<SignInResult> PasswordSignInAsync(AppUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.IsLockedOutAsync(user))
        {
            // The base class answers a locked account without checking the password: quicker than a wrong password.
            CheckAPasswordAnyway(password);
            Logger.LogWarning("Sign-in refused: the account is locked after repeated wrong passwords");
            return SignInResult.Failed;
        }
        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        if (result.Succeeded) await RecordAsync(user);
        return result.IsLockedOut ? SignInResult.Failed : result;
    }

    private void CheckAPasswordAnyway(string password)
    {
        _noAccountHash ??= UserManager.PasswordHasher.HashPassword(new AppUser(), Guid.NewGuid().ToString());
        UserManager.PasswordHasher.VerifyHashedPassword(new AppUser(), _noAccountHash, password);
    }

    private async Task RecordAsync(AppUser user)
    {
        if (await resolver.ResolveAsync(user.Id) is null) return;
        origin.IpAddress ??= Context.Connection.RemoteIpAddress?.ToString();
        await activity.RecordAsync("user.signed_in", AuthenticationScheme == IdentityConstants.BearerScheme ? "api token" : "web");
        await db.SaveChangesAsync();
    }
}
