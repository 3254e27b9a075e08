namespace WorkPipelines.Domain.Pipelines;

// Telling people: every transition is published on the event bus, built from the run as the transition
// left it. Who acts on events (the open UI, SignalR, the bell's RunOutcomeNotifier) subscribes to the bus.
public sealed partial class RunQueue
{
    private void Announce(PipelineRun run, RunEventType type) =>
        events.Publish(new RunEvent(type, run.Id, run.WorkspaceId, run.Kind, kinds.TitleFor(run.Kind, run.PayloadJson), run.Status, run.ProgressPercent,
            type == RunEventType.Progress ? run.ProgressMessage : run.ErrorMessage ?? run.ProgressMessage, run.RequestedByUserId, time.GetUtcNow()));

    /// <summary>Reads the run as it is now and announces <paramref name="type"/>.</summary>
    private async Task AnnounceAsync(Guid runId, RunEventType type, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(runId, cancellationToken) is { } run) Announce(run, type);
    }
}
