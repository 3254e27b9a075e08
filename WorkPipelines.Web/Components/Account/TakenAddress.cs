using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;

namespace WorkPipelines.Web.Components.Account;

/// <summary>
/// Registering with an address that already has an account answers like a new registration (the API's 200, the
/// page's redirect), so registration does not tell which addresses have accounts (OWASP Authentication Cheat Sheet,
/// "account enumeration"); the account is left as it was and the attempt is logged. OWASP's next step, mailing the
/// address's owner, needs a message of its own: <see cref="IEmailSender{TUser}"/> only sends links and codes.
/// </summary>
internal static class TakenAddress
{
    /// <summary>True when the only reason a registration failed is that its address (the user name too) has an account.</summary>
    public static bool IsTheOnlyError(IEnumerable<string> errorCodes)
    {
        var codes = errorCodes.ToList();
        return codes.Count > 0 && codes.All(code => code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName));
    }

    public static void LogAttempt(ILogger logger) =>
        logger.LogWarning("Registration with an address that already has an account: answered like a new one, nothing changed");

    /// <summary>On <c>/api/auth/register</c> (<c>MapIdentityApi</c>'s handler): the taken address's 400 becomes the 200 of a new account.</summary>
    public static async ValueTask<object?> AnswerLikeANewAccountAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        if (!context.Arguments.OfType<RegisterRequest>().Any()) return result;
        if (((result as INestedHttpResult)?.Result ?? result) is not ValidationProblem problem || !IsTheOnlyError(problem.ProblemDetails.Errors.Keys))
            return result;
        LogAttempt(context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TakenAddress)));
        return TypedResults.Ok();
    }
}
