using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using WorkPipelines.Domain.Alerts;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Mail;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Digests;

public sealed record SendDigestPayload(Guid DigestId);

/// <summary>
/// Composes one person's digest and sends it by email (the SMTP settings) and to their Slack webhook (through the outbound
/// policy). Queued by <see cref="ScheduleDueDigests"/> at the digest's local hour. A channel that fails is recorded on the
/// digest (its owner reads why on the alerts page) and does not fail the run: the next digest is the next chance.
/// </summary>
public sealed class SendDigest(
    WorkDbContext db, CurrentWorkspace workspace, DigestComposer composer, IHttpClientFactory http, MailSender mail,
    IOptions<AlertOptions> alerts, TimeProvider time) : IPipelineKind
{
    public const string KindName = "send-digest";
    public string Name => KindName;
    public string Title => "Digest";
    public int MaxAttempts => 3;
    public TimeSpan Timeout => TimeSpan.FromMinutes(5);

    public async Task ExecuteAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var payload = context.GetPayload<SendDigestPayload>();
        var digest = await db.Set<Digest>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == payload.DigestId, cancellationToken);
        if (digest is null) return; // deleted since it was queued
        var settings = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspace.WorkspaceId).Select(w => new { w.Name, w.TimeZone, w.Currency }).SingleAsync(cancellationToken);
        var email = await db.Users.Where(u => u.Id == digest.UserId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        var today = Period.Today(time.GetUtcNow(), settings.TimeZone);
        var content = await composer.ComposeAsync(digest, settings.Name, settings.Currency, today, alerts.Value.AppUrl, cancellationToken);

        List<string> problems = [];
        if (digest.ByEmail)
        {
            try { await EmailAsync(content, email, cancellationToken); await context.LogAsync($"Emailed to {email}"); }
            catch (Exception ex) when (ex is not OperationCanceledException) { problems.Add($"email: {ex.Message}"); }
        }
        if (digest.SlackWebhookUrl is { Length: > 0 } slack)
        {
            try { await SlackAsync(slack, content, cancellationToken); await context.LogAsync("Posted to Slack"); }
            catch (Exception ex) when (ex is not OperationCanceledException) { problems.Add($"Slack: {ex.Message}"); }
        }
        var error = problems.Count == 0 ? null : string.Join("; ", problems);
        if (error is not null) await context.LogAsync(error);
        var now = time.GetUtcNow();
        await db.Set<Digest>().Where(d => d.Id == digest.Id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.LastSentAt, error is null ? now : digest.LastSentAt)
            .SetProperty(d => d.LastError, error == null ? null : error.Length > 1000 ? error[..1000] : error), CancellationToken.None);
    }

    private async Task EmailAsync(DigestContent content, string? to, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(to)) throw new InvalidOperationException("the account has no email address");
        var message = new MimeMessage { Subject = content.Subject, Body = new TextPart("plain") { Text = content.ToText() } };
        message.To.Add(MailboxAddress.Parse(to));
        await mail.SendAsync(message, cancellationToken);
    }

    // Slack incoming webhooks take {"text": mrkdwn}: https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks
    private async Task SlackAsync(string url, DigestContent content, CancellationToken cancellationToken)
    {
        using var response = await http.CreateClient(AlertDelivery.HttpClientName).PostAsJsonAsync(url, new JsonObject { ["text"] = content.ToSlack() }, cancellationToken);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}");
    }
}
