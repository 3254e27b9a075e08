namespace WorkPipelines.Domain.Seeding;

/// <summary>Configuration section <c>Demo</c>: the first-run demo workspace and admin.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Create the demo workspace and admin when the database has no users. Ignored in Production.</summary>
    public bool Enabled { get; set; }

    public string Email { get; set; } = "admin@demo.workpipelines.local";

    /// <summary>Leave empty to get a random password printed on the console at first run.</summary>
    public string? Password { get; set; }

    public string WorkspaceName { get; set; } = "Demo Company";

    /// <summary>Connect the demo workspace to every provider's sandbox and sync them once the app is listening.</summary>
    public bool ConnectSandboxes { get; set; } = true;

    /// <summary>Days of history the demo's sandbox accounts have.</summary>
    public int SandboxHistoryDays { get; set; } = 730;
}
