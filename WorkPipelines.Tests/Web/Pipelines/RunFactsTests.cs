using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Pipelines.SelfTest;
using WorkPipelines.Web.Features.Pipelines;

namespace WorkPipelines.Tests.Web.Pipelines;

public sealed class RunFactsTests : BunitContext
{
    public RunFactsTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(TimeProvider.System);
    }

    [Fact]
    public void A_run_given_back_by_a_stop_shows_the_attempt_it_runs_again()
    {
        // What ReleaseAsync leaves: Queued, the attempt given back (1 -> 0), StartedAt of the interrupted attempt.
        var facts = Render<RunFacts>(p => p.Add(c => c.Detail, Detail(PipelineRunStatus.Queued, attempt: 0, PipelineErrorKind.Interrupted)));

        Assert.Equal("1 of 3, runs again (a stop does not use up an attempt)", facts.Find("[data-testid=run-attempt]").TextContent);
        Assert.Equal("Attempt 1 started", facts.Find("[data-testid=run-started]").TextContent);
        Assert.Contains("The app stopped; waiting to run again", facts.Markup);
    }

    [Fact]
    public void A_run_swept_back_after_a_crash_counts_its_lost_attempt()
    {
        var facts = Render<RunFacts>(p => p.Add(c => c.Detail, Detail(PipelineRunStatus.Queued, attempt: 1, PipelineErrorKind.LeaseExpired)));

        Assert.Equal("1 of 3", facts.Find("[data-testid=run-attempt]").TextContent);
        Assert.Equal("Attempt 1 started", facts.Find("[data-testid=run-started]").TextContent);
        Assert.DoesNotContain("The app stopped", facts.Markup);
    }

    private static RunDetail Detail(PipelineRunStatus status, int attempt, PipelineErrorKind error)
    {
        var created = DateTimeOffset.UtcNow.AddMinutes(-5);
        var run = new RunSummary(Guid.NewGuid(), RunSelfTest.KindName, "Self-test", status, PipelineTrigger.User, attempt, 3, 40, null, "why it stopped",
            created, created.AddSeconds(1), null, "Ada");
        return new RunDetail(run, "{}", null, error, created.AddMinutes(4), false, []);
    }
}
