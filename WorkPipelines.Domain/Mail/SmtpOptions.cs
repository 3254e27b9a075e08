namespace WorkPipelines.Domain.Mail;

/// <summary>
/// The mail server scheduled reports, alerts and digests are sent through (section <c>Smtp</c>). Without a host,
/// reports are only stored and their requester notified, and alerts and digests go only to the bell and Slack.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    /// <summary>587 (STARTTLS) by default; 465 means TLS from the first byte.</summary>
    public int Port { get; set; } = 587;
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>Sender address, e.g. <c>Work Pipelines &lt;reports@example.com&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary>Require TLS (STARTTLS, or implicit TLS on port 465). Only a local relay should turn it off.</summary>
    public bool UseTls { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}
