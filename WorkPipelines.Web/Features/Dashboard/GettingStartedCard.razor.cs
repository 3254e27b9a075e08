using Microsoft.AspNetCore.Components;
using WorkPipelines.Domain;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Web.Components.Shared;

namespace WorkPipelines.Web.Features.Dashboard;

public partial class GettingStartedCard
{
    [Inject] private CurrentWorkspace Workspace { get; set; } = default!;
    [Inject] private ScopedWork Work { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <summary>Where the workspace stands on the checklist (read from its data); the card shows only while <see cref="GettingStartedStatus.Shows"/>.</summary>
    [Parameter, EditorRequired] public GettingStartedStatus Status { get; set; } = default!;

    /// <summary>Whether this server has a sandbox to make sample data from; without one the "Explore with sample data" button is not offered.</summary>
    [Parameter] public bool SampleAvailable { get; set; }

    /// <summary>Called once an admin has hidden the checklist (the page can then offer what the card offered).</summary>
    [Parameter] public EventCallback OnDismissed { get; set; }

    private bool _dismissed;
    private bool _busy;
    private bool _exploring;
    private string? _error;

    private string SourceText =>
        Status.HasSource ? "Your sources sync on their own; their numbers fill the dashboard below."
        : Workspace.IsAdmin ? "Bring in sales, traffic, ads, social, email or support numbers" + (SampleAvailable ? ", or look around with made-up numbers first: sample data opens in a workspace of its own that you can remove." : ".")
        : "An admin of this workspace connects sources such as Stripe, Shopify or Google Analytics." + (SampleAvailable ? " Meanwhile you can look around with sample data, in a workspace of your own." : "");

    // Handlers check again what the buttons' visibility suggests: the services answer for the role, not the page.
    private async Task DismissAsync()
    {
        _busy = true;
        var result = await Work.RunAsync<GettingStarted, WorkResult>(g => g.DismissAsync());
        _busy = false;
        if (!result.Succeeded)
        {
            _error = result.Message;
            return;
        }
        _dismissed = true;
        await OnDismissed.InvokeAsync();
    }

    private async Task ExploreAsync()
    {
        if (Workspace.UserId is not { } userId) return;
        (_busy, _exploring, _error) = (true, true, null);
        StateHasChanged();
        var (result, _, _) = await Work.RunAsync<SampleWorkspaces, (WorkResult, WorkspaceSummary?, bool)>(s => s.CreateAsync(userId));
        if (result.Succeeded)
        {
            // A fresh circuit in the sample workspace: nothing on screen keeps this workspace's data.
            Navigation.NavigateTo("dashboard", forceLoad: true);
            return;
        }
        (_busy, _exploring, _error) = (false, false, result.Message);
    }
}
