namespace WorkPipelines.Domain.Alerts;

/// <summary>Alert settings (section <c>Alerts</c>).</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>The app's public address (https://pipelines.example.com), for the link in emails and webhooks; none without it.</summary>
    public string? AppUrl { get; set; }
}
