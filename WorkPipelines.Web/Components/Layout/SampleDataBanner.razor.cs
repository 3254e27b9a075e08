using Microsoft.AspNetCore.Components;
using MudBlazor;
using WorkPipelines.Domain;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Web.Components.Shared;

namespace WorkPipelines.Web.Components.Layout;

public partial class SampleDataBanner
{
    [Inject] private CurrentWorkspace Workspace { get; set; } = default!;
    [Inject] private ScopedWork Work { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    private bool _busy;
    private string? _error;

    private async Task RemoveAsync()
    {
        if (Workspace.UserId is not { } userId) return;
        var sure = await Dialogs.ShowMessageBoxAsync("Remove sample data",
            $"Delete the “{Workspace.WorkspaceName}” workspace and everything in it? Your own workspaces are not touched.",
            yesText: "Remove", cancelText: "Cancel");
        if (sure != true) return;

        (_busy, _error) = (true, null);
        StateHasChanged();
        // The service checks that this is a sample workspace and that the user is its admin, whatever the page showed.
        var workspaceId = Workspace.WorkspaceId;
        var (result, _) = await Work.RunAsync<SampleWorkspaces, (WorkResult, WorkspaceSummary?)>(s => s.RemoveAsync(userId, workspaceId));
        if (result.Succeeded)
        {
            // A fresh circuit in the workspace the user is back in.
            Navigation.NavigateTo("dashboard", forceLoad: true);
            return;
        }
        (_busy, _error) = (false, result.Message);
    }
}
