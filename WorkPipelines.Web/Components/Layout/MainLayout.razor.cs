using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using WorkPipelines.Domain.Identity;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Web.Components.Shared;

namespace WorkPipelines.Web.Components.Layout;

/// <summary>The app shell. Resolves the user's workspace before any page renders, so pages can rely on it.</summary>
public partial class MainLayout
{
    [Inject] private CurrentWorkspace Workspace { get; set; } = default!;
    [Inject] private ScopedWork Work { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private MudBlazor.IBrowserViewportService Viewport { get; set; } = default!;

    [Inject] private WorkPipelines.Domain.Activity.RequestOrigin Origin { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [CascadingParameter(Name = "ClientIp")] private string? ClientIp { get; set; }

    private bool _drawerOpen = true;
    private bool _darkMode;
    private string? _userId;
    private bool _interactive;

    protected override async Task OnInitializedAsync()
    {
        Origin.IpAddress = ClientIp;
        var user = (await AuthenticationState).User;
        _userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (_userId is null) return; // AuthorizeRouteView redirects anonymous users to sign in.

        var resolved = await Work.RunAsync<WorkspaceResolver, WorkspaceSummary?>(r => r.ResolveAsync(_userId));
        if (resolved is null)
        {
            Navigation.NavigateTo("Account/Login", forceLoad: true);
            return;
        }
        Workspace.Set(resolved.WorkspaceId, resolved.WorkspaceName, _userId, resolved.Role, resolved.IsSample);
        _darkMode = await Work.RunAsync<UserPreferences, bool>(p => p.GetDarkModeAsync(_userId));
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        // On a phone the responsive drawer is hidden yet still Open; close it for real so the first tap on the menu opens it.
        if (await Viewport.GetCurrentBreakpointAsync() is MudBlazor.Breakpoint.Xs or MudBlazor.Breakpoint.Sm) _drawerOpen = false;
        _interactive = true;
        StateHasChanged();
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private async Task ToggleDarkModeAsync()
    {
        _darkMode = !_darkMode;
        if (_userId is not null) await Work.RunAsync<UserPreferences>(p => p.SetDarkModeAsync(_userId, _darkMode));
    }
}
