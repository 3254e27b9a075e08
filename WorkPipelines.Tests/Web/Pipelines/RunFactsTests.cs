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

        Assert.Equal("First try (up to 3); runs again (a restart does not use up a try)", facts.Find("[data-testid=run-attempt]").TextContent);
        Assert.Equal("Started", facts.Find("[data-testid=run-started]").TextContent);
        Assert.Contains("The app restarted; waiting to run again", facts.Markup);
    }

    [Fact]
    public void A_run_swept_back_after_a_crash_counts_its_lost_attempt()
    {
        var facts = Render<RunFacts>(p => p.Add(c => c.Detail, Detail(PipelineRunStatus.Queued, attempt: 1, PipelineErrorKind.LeaseExpired)));

        Assert.Equal("First try (up to 3)", facts.Find("[data-testid=run-attempt]").TextContent);
        Assert.Equal("Started", facts.Find("[data-testid=run-started]").TextContent);
        Assert.DoesNotContain("The app restarted", facts.Markup);
    }

    [Fact]
    public void The_facts_are_in_words_and_the_engines_view_is_offered_to_admins_only()
    {
        var detail = Detail(PipelineRunStatus.Failed, attempt: 2, PipelineErrorKind.Permanent) with { ConcurrencyKey = "sync:42" };

        var member = Render<RunFacts>(p => p.Add(c => c.Detail, detail));
        var admin = Render<RunFacts>(p => p.Add(c => c.Detail, detail).Add(c => c.Technical, true));

        Assert.Equal("By Ada", member.Find("[data-testid=run-trigger]").TextContent);
        Assert.Equal("Try 2 of 3", member.Find("[data-testid=run-attempt]").TextContent);
        Assert.Empty(member.FindAll("[data-testid=run-technical]"));
        Assert.DoesNotContain("sync:42", member.Markup);
        Assert.DoesNotContain(RunSelfTest.KindName, member.Markup);
        Assert.Single(admin.FindAll("[data-testid=run-technical]"));
    }

    private static RunDetail Detail(PipelineRunStatus status, int attempt, PipelineErrorKind error)
    {
        var created = DateTimeOffset.UtcNow.AddMinutes(-5);
        var run = new RunSummary(Guid.NewGuid(), RunSelfTest.KindName, "Self-test", status, PipelineTrigger.User, attempt, 3, 40, null, "why it stopped",
            created, created.AddSeconds(1), null, "Ada");
        return new RunDetail(run, "{}", null, error, created.AddMinutes(4), false, []);
    }
}
