using Microsoft.AspNetCore.Components;
using WorkPipelines.Domain.Connectors.Sync;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Reports.Rendering;
using WorkPipelines.Domain.Sharing;
using WorkPipelines.Web.Components.Shared;

namespace WorkPipelines.Web.Features.Sharing;

/// <summary>
/// A share link's page, <c>/s/{token}</c>, for anyone holding the link: the chosen panels of one workspace's dashboard, read-only.
/// <para>
/// Live ("TV mode", <c>?tv=1</c>): the page is a Blazor Server circuit, which is a SignalR connection. The panels and the strip
/// already refresh themselves when a sync of the circuit's workspace finishes (<see cref="RunEventSubscriber"/>: events of other
/// workspaces never reach them, and only "a sync finished" is acted on — no run details are shown). Each refresh loads through
/// <see cref="ScopedWork"/>, which enters the link's workspace only while the link is valid. The page itself checks the link
/// again on the same events, when an admin revokes it in this process (<see cref="ShareRevocations"/>) and every
/// <c>Sharing:RecheckSeconds</c> (60) for revocations on other instances and expiry: a dead link drops its data at once.
/// </para>
/// </summary>
public partial class SharedDashboardPage
{
    [Inject] private IServiceScopeFactory Scopes { get; set; } = default!;
    [Inject] private ScopedWork Work { get; set; } = default!;
    [Inject] private ShareVisit Visit { get; set; } = default!;
    [Inject] private ShareRevocations Revocations { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IConfiguration Configuration { get; set; } = default!;

    /// <summary>The token in the address; never logged.</summary>
    [Parameter] public string Token { get; set; } = "";

    /// <summary>TV mode: dark, large, no chrome.</summary>
    [SupplyParameterFromQuery(Name = "tv")] private string? TvFlag { get; set; }

    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    private bool Tv => TvFlag is "1" or "true";
    private ShareGrant? _grant;
    private ShareOpenState? _state;
    private Period? _period;
    private string _currency = "USD";
    private int _checks; // how many times the link was checked; lets a test see a live re-check
    private PeriodicTimer? _timer;
    private string? _openedWith;

    // "8 Nov – 7 Dec 2026, compared with 9 Oct – 7 Nov 2026", as the dashboard says it.
    private string PeriodText => _period is null ? "" :
        $"{ReportText.Range(_period.From, _period.To)}, compared with {ReportText.Range(_period.CompareFrom, _period.CompareTo)}";

    protected override async Task OnParametersSetAsync()
    {
        // Reached from inside the app (a signed-in circuit) or from another link in this circuit: start afresh, so this page's
        // circuit knows nothing but its link, and every token is looked up by a request the rate limit sees.
        if (Workspace.UserId is not null || (_openedWith is not null && _openedWith != Token))
        {
            Navigation.NavigateTo(Navigation.Uri, forceLoad: true);
            return;
        }
        if (_openedWith == Token) return;
        _openedWith = Token;
        await CheckAsync(touch: HttpContext is not null);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        base.OnAfterRender(firstRender);
        if (!firstRender || !RendererInfo.IsInteractive) return;
        Revocations.Revoked += OnRevoked;
        var seconds = Math.Max(1, Configuration.GetValue("Sharing:RecheckSeconds", 60));
        _timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        _ = RecheckEveryAsync(_timer);
    }

    // Only whether a sync finished matters here: the link is checked again, and the panels reload themselves.
    protected override Task OnRunEventAsync(RunEvent runEvent) =>
        runEvent.Kind == SyncConnection.KindName && runEvent.IsFinal ? CheckAsync(touch: false) : Task.CompletedTask;

    private void OnRevoked(Guid shareId)
    {
        if (shareId == _grant?.ShareId) _ = InvokeAsync(async () => { await CheckAsync(touch: false); StateHasChanged(); });
    }

    private async Task RecheckEveryAsync(PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync())
                await InvokeAsync(async () => { await CheckAsync(touch: false); StateHasChanged(); });
        }
        catch (ObjectDisposedException) { } // the circuit went away
    }

    private async Task CheckAsync(bool touch)
    {
        ShareOpening opening;
        await using (var scope = Scopes.CreateAsyncScope())
            opening = await scope.ServiceProvider.GetRequiredService<ShareOpener>().OpenAsync(Token, touch);
        _checks++;
        if (opening.Grant is not { } grant)
        {
            // Nothing of the workspace stays on screen or in the circuit.
            (_grant, _period, _state, Visit.Token) = (null, null, opening.State, null);
            Workspace.Set(Guid.Empty, "", null, Domain.Workspaces.WorkspaceRole.Member);
            if (HttpContext is { Response.HasStarted: false } http)
            {
                // Set as the answer starts, after rendering: a 404 set during rendering makes Blazor send an empty body (it leaves
                // the page to the status-code pages), and this page must say what happened.
                var status = opening.State == ShareOpenState.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
                http.Response.OnStarting(() => { http.Response.StatusCode = status; return Task.CompletedTask; });
            }
            return;
        }
        Visit.Token = Token;
        Workspace.Set(grant.WorkspaceId, grant.WorkspaceName, null, Domain.Workspaces.WorkspaceRole.Member);
        (_grant, _state, _currency) = (grant, ShareOpenState.Valid, grant.Currency);
        if (_period is null)
        {
            var (period, _) = await Work.RunAsync<PeriodResolver, (Period?, string?)>(r => r.ResolveAsync(grant.Query));
            _period = period;
        }
    }

    public override void Dispose()
    {
        Revocations.Revoked -= OnRevoked;
        _timer?.Dispose();
        base.Dispose();
    }
}
