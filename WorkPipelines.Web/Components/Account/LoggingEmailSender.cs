using Microsoft.AspNetCore.Identity;
using WorkPipelines.Domain.Identity;

namespace WorkPipelines.Web.Components.Account;

/// <summary>
/// Account emails (password reset) written to the log. The product sends no mail until SMTP is
/// configured, and an operator can still hand a reset link to a locked-out user.
/// </summary>
internal sealed class LoggingEmailSender(ILogger<LoggingEmailSender> logger) : IEmailSender<AppUser>
{
    public Task SendConfirmationLinkAsync(AppUser user, string email, string confirmationLink) =>
        Log(email, "Confirm your account", confirmationLink);

    public Task SendPasswordResetLinkAsync(AppUser user, string email, string resetLink) =>
        Log(email, "Reset your password", resetLink);

    public Task SendPasswordResetCodeAsync(AppUser user, string email, string resetCode) =>
        Log(email, "Your password reset code", resetCode);

    private Task Log(string email, string subject, string content)
    {
        logger.LogInformation("Email to {Email}: {Subject}: {Content}", email, subject, content);
        return Task.CompletedTask;
    }
}
