namespace WorkPipelines.Domain.Activity;

/// <summary>Where the current scope's requests come from, for the activity log. Scoped; set by the web layer.</summary>
public sealed class RequestOrigin
{
    public string? IpAddress { get; set; }
}
