using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.BrandAnalysis;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Tests.Web.Pipelines;
using WorkPipelines.Web.Features.BrandAnalysis;

namespace WorkPipelines.Tests.Web.BrandAnalysis;

[Collection(AppCollection.Name)]
public sealed class BrandApiTests(WorkAppFactory app)
{
    private static JsonSerializerOptions Json => ApiUser.Json;

    [Theory]
    [InlineData("http://10.1.2.3/", "10.1.2.3 is a private address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address")]
    [InlineData("http://localhost:5080/", "localhost is a loopback address")]
    [InlineData("http://0x7f000001/", "127.0.0.1 is a loopback address")]
    [InlineData("http://[::ffff:10.0.0.1]/", "is a private address")]
    [InlineData("file:///etc/passwd", "only http and https are allowed, not file:")]
    [InlineData("gopher://example.com/", "only http and https are allowed, not gopher:")]
    [InlineData("https://user:secret@example.com/", "user name or password")]
    [InlineData("", "enter a website address")]
    [InlineData("http://exa mple.com", "is not a valid web address")]
    public async Task Blocked_or_malformed_urls_answer_400_saying_why_and_start_nothing(string url, string reason)
    {
        var user = await ApiUser.RegisterAsync(app, "brand-bad");

        var response = await user.Client.PostAsJsonAsync("api/work/brand/analyze", new { url });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(reason, problem.GetProperty("title").GetString());
        Assert.Empty((await user.Client.GetFromJsonAsync<List<BrandAnalysisSummary>>("api/work/brand", Json))!);
    }

    [Fact]
    public async Task A_loopback_port_other_than_the_allowed_fixture_is_still_refused()
    {
        var user = await ApiUser.RegisterAsync(app, "brand-port");

        // The app itself is on loopback too, but only the fixture's port is on the allow-list.
        var response = await user.Client.PostAsJsonAsync("api/work/brand/analyze", new { url = app.RootUri.ToString() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("127.0.0.1 is a loopback address", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Analysing_the_fixture_answers_202_then_notifies_and_lists_it_per_site()
    {
        var user = await ApiUser.RegisterAsync(app, "brand-ok");

        var (started, detail) = await AnalyzeAndWaitAsync(user, FixtureSite.Shared.Root.ToString());
        var run = await PipelinesApiTests.WaitForAsync(user, started.RunId, _ => true);
        var site = FixtureSite.Shared.EndPoint;
        var bySite = await user.Client.GetFromJsonAsync<List<BrandAnalysisSummary>>($"api/work/brand?site={site}", Json);
        var otherSite = await user.Client.GetFromJsonAsync<List<BrandAnalysisSummary>>("api/work/brand?site=example.com", Json);
        var notes = await NotificationsAsync(user);

        Assert.Equal(BrandAnalysisStatus.Ready, detail.Analysis.Status);
        Assert.Equal(6, detail.Analysis.PagesAnalyzed);
        Assert.Equal(["Fetching robots.txt and the home page", "Fetching 1 of 6 pages", "Fetching 2 of 6 pages", "Fetching 3 of 6 pages", "Fetching 4 of 6 pages",
                      "Fetching 5 of 6 pages", "Fetching 6 of 6 pages", "Analysing 6 pages", "Storing the profile", $"Analysed 6 pages of {site}"],
            run.Log.Select(l => l.Line));
        Assert.Equal(started.AnalysisId, Assert.Single(bySite!).Id);
        Assert.Equal(site, bySite![0].SiteHost);
        Assert.Empty(otherSite!);
        var note = Assert.Single(notes);
        Assert.Equal($"Brand analysis of {site} finished", note.Title);
        Assert.Equal($"Analysed 6 pages of {site}", note.Body);
    }

    [Fact]
    public async Task An_unreachable_site_fails_the_run_with_the_reason()
    {
        var user = await ApiUser.RegisterAsync(app, "brand-down");

        // Allowed by the gate (it is the fixture's endpoint) but answers 404 for the home page of this path.
        var (_, detail, run) = await AnalyzeAsync(user, FixtureSite.Shared.Url("trap/redirect-metadata").ToString());

        Assert.Equal(PipelineRunStatus.Failed, run.Run.Status);
        Assert.Equal(BrandAnalysisStatus.Failed, detail.Analysis.Status);
        Assert.Equal("169.254.169.254 is a link-local address", detail.Analysis.Error);
        Assert.Equal(detail.Analysis.Error, run.Run.ErrorMessage);
        Assert.Null(detail.Profile);
    }

    [Fact]
    public async Task Another_workspaces_analysis_answers_404()
    {
        var owner = await ApiUser.RegisterAsync(app, "brand-owner");
        var (started, _) = await AnalyzeAndWaitAsync(owner, FixtureSite.Shared.Root.ToString());
        var stranger = await ApiUser.RegisterAsync(app, "brand-stranger");

        var get = await stranger.Client.GetAsync($"api/work/brand/{started.AnalysisId}");
        var list = await stranger.Client.GetFromJsonAsync<List<BrandAnalysisSummary>>("api/work/brand", Json);
        var ownerGet = await owner.Client.GetAsync($"api/work/brand/{started.AnalysisId}");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Empty(list!);
        Assert.Equal(HttpStatusCode.OK, ownerGet.StatusCode);
    }

    /// <summary>The user's notifications once there is one (it is written just after the run ends).</summary>
    private async Task<List<WorkPipelines.Domain.Notifications.Notification>> NotificationsAsync(ApiUser user)
    {
        for (var tries = 0; ; tries++)
        {
            var notes = await app.InWorkspaceAsync(user, db => db.Notifications.AsNoTracking().ToListAsync());
            if (notes.Count > 0 || tries == 100) return notes;
            await Task.Delay(100);
        }
    }

    internal static async Task<(BrandAnalysisAccepted Started, BrandAnalysisDetail Detail)> AnalyzeAndWaitAsync(ApiUser user, string url)
    {
        var (started, detail, run) = await AnalyzeAsync(user, url);
        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, run.Run.ErrorMessage);
        Assert.Equal(100, run.Run.ProgressPercent);
        return (started, detail);
    }

    private static async Task<(BrandAnalysisAccepted, BrandAnalysisDetail, RunDetail)> AnalyzeAsync(ApiUser user, string url)
    {
        var response = await user.Client.PostAsJsonAsync("api/work/brand/analyze", new { url });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var started = (await response.Content.ReadFromJsonAsync<BrandAnalysisAccepted>(Json))!;
        Assert.Equal($"/api/work/brand/{started.AnalysisId}", response.Headers.Location!.OriginalString);
        Assert.Equal(started.Url, response.Headers.Location.OriginalString);

        var run = await PipelinesApiTests.WaitForAsync(user, started.RunId, r => r.Status is PipelineRunStatus.Succeeded or PipelineRunStatus.Failed);
        var detail = (await user.Client.GetFromJsonAsync<BrandAnalysisDetail>(started.Url.TrimStart('/'), Json))!;
        return (started, detail, run);
    }
}
