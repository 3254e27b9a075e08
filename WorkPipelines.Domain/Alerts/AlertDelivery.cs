using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Notifications;
using WorkPipelines.Domain.Mail;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Alerts;

/// <summary>
/// Sends a fired alert to the rule's channels: the bell of every admin of the workspace, email through the SMTP settings,
/// and the rule's webhook (Slack, Teams or plain JSON) through the outbound policy's client. One channel failing never
/// stops the others; what failed is returned in words.
/// </summary>
public sealed class AlertDelivery(WorkDbContext db, IHttpClientFactory http, MailSender mail, NotificationSignal signal, TimeProvider time, ILogger<AlertDelivery> logger)
{
    /// <summary>The outbound-policy HTTP client webhooks are posted with.</summary>
    public const string HttpClientName = "alerts";

    /// <returns>Why channels failed ("webhook: 404 Not Found"), or null when every channel took it.</returns>
    public async Task<string?> DeliverAsync(AlertRule rule, AlertFiring firing, string workspaceName, string? link, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (rule.NotifyBell) await BellAsync(rule, firing, cancellationToken);
        if (rule.EmailRecipients.Count > 0 && await TryAsync("email", () => EmailAsync(rule, firing, workspaceName, link, cancellationToken)) is { } email) problems.Add(email);
        if (rule.WebhookUrl is { Length: > 0 } && await TryAsync("webhook", () => WebhookAsync(rule, firing, workspaceName, link, cancellationToken)) is { } hook) problems.Add(hook);
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private async Task<string?> TryAsync(string channel, Func<Task> send)
    {
        try
        {
            await send();
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Alert delivery by {Channel} failed", channel);
            return $"{channel}: {ex.Message}";
        }
    }

    private async Task BellAsync(AlertRule rule, AlertFiring firing, CancellationToken cancellationToken)
    {
        var admins = await db.Memberships.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.WorkspaceId == rule.WorkspaceId && m.Role == WorkspaceRole.Admin).Select(m => m.UserId).ToListAsync(cancellationToken);
        db.Notifications.AddRange(admins.Select(userId => new Notification
        {
            WorkspaceId = rule.WorkspaceId,
            UserId = userId,
            Title = $"Alert: {rule.Name}",
            Body = firing.Message,
            Level = NotificationLevel.Warning,
            Link = "alerts",
            CreatedAt = time.GetUtcNow(),
        }));
        await db.SaveChangesAsync(cancellationToken);
        foreach (var admin in admins) signal.Raise(rule.WorkspaceId, admin);
    }

    private async Task EmailAsync(AlertRule rule, AlertFiring firing, string workspaceName, string? link, CancellationToken cancellationToken)
    {
        var message = new MimeMessage { Subject = $"Alert: {rule.Name} ({workspaceName})" };
        foreach (var to in rule.EmailRecipients) message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart("plain") { Text = firing.Message + (link is null ? "" : $"\n\nOpen the dashboard: {link}") };
        await mail.SendAsync(message, cancellationToken);
    }

    private async Task WebhookAsync(AlertRule rule, AlertFiring firing, string workspaceName, string? link, CancellationToken cancellationToken)
    {
        using var response = await http.CreateClient(HttpClientName)
            .PostAsJsonAsync(rule.WebhookUrl, AlertWebhooks.Body(rule, firing, workspaceName, link), cancellationToken);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}");
    }
}
