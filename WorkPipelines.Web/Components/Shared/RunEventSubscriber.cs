using Microsoft.AspNetCore.Components;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Web.Components.Shared;

/// <summary>
/// Base for components that react to run events of the circuit's workspace: subscribes after the
/// first interactive render, marshals each event onto the renderer, unsubscribes on dispose.
/// </summary>
public abstract class RunEventSubscriber : ComponentBase, IDisposable
{
    private IDisposable? _subscription;

    [Inject] private RunEventBus Events { get; set; } = default!;
    [Inject] protected CurrentWorkspace Workspace { get; set; } = default!;

    /// <summary>Handles one event of this workspace on the renderer's sync context.</summary>
    protected abstract Task OnRunEventAsync(RunEvent runEvent);

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive) return;
        _subscription = Events.Subscribe(runEvent =>
        {
            if (runEvent.WorkspaceId != Workspace.WorkspaceId) return;
            _ = InvokeAsync(async () =>
            {
                await OnRunEventAsync(runEvent);
                StateHasChanged();
            });
        });
    }

    public virtual void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
