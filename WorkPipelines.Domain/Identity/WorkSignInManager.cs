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
    public override async Task<SignInResult> PasswordSignInAsync(AppUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        if (result.Succeeded) await RecordAsync(user);
        return result;
    }

    private async Task RecordAsync(AppUser user)
    {
        if (await resolver.ResolveAsync(user.Id) is null) return;
        origin.IpAddress ??= Context.Connection.RemoteIpAddress?.ToString();
        await activity.RecordAsync("user.signed_in", AuthenticationScheme == IdentityConstants.BearerScheme ? "api token" : "web");
        await db.SaveChangesAsync();
    }
}
