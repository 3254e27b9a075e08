using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace WorkPipelines.Domain.Mail;

/// <summary>Sends mail through the operator's SMTP server (<see cref="SmtpOptions"/>): scheduled reports, alerts and digests.</summary>
public sealed class MailSender(IOptions<SmtpOptions> options)
{
    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>Sends <paramref name="message"/> from the configured sender; throws with the reason when there is no server or it refuses.</summary>
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (!smtp.IsConfigured) throw new InvalidOperationException("no mail server is set up (Smtp:Host and Smtp:From)");
        message.From.Clear();
        message.From.Add(MailboxAddress.Parse(smtp.From!));
        using var client = new SmtpClient();
        var security = !smtp.UseTls ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

public static class MailSetup
{
    /// <summary>The SMTP settings (section <c>Smtp</c>) and the one sender every feature mails through.</summary>
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section));
        services.AddSingleton<MailSender>();
        return services;
    }
}
