namespace WorkPipelines.Domain.Metrics.Dashboard;

/// <summary>The dashboard's settings (section <c>Dashboard</c>).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>How long one panel may take before it is shown as an error and the others go on without it.</summary>
    public TimeSpan PanelTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
