namespace WorkPipelines.Sandbox;

/// <summary>The sandbox's settings, under <c>Connectors</c> beside the connectors' own (<c>Connectors:SandboxBaseUrl</c>…).</summary>
public sealed class SandboxOptions
{
    public const string Section = "Connectors";

    /// <summary>Base URL the sandbox providers are reached at; empty means this app's own address.</summary>
    public string? SandboxBaseUrl { get; set; }

    /// <summary>Days of history a new sandbox account has.</summary>
    public int SandboxHistoryDays { get; set; } = 730;

    /// <summary>How long the sandbox's OAuth access tokens last: Google's 3599 s; tests shorten it to see tokens refreshed.</summary>
    public TimeSpan SandboxAccessTokenLifetime { get; set; } = TimeSpan.FromSeconds(3599);
}
