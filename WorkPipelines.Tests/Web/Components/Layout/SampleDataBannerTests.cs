using Bunit;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Web.Components.Layout;

namespace WorkPipelines.Tests.Web.Components.Layout;

public sealed class SampleDataBannerTests : ShellComponentContext
{
    [Fact]
    public void An_admin_of_the_sample_is_offered_its_removal()
    {
        Workspace.Set(Home.Id, "Sample data", UserId, WorkspaceRole.Admin, isSample: true);

        var banner = Render<SampleDataBanner>();

        Assert.Contains("You are looking at sample data.", banner.Find("[data-testid=sample-banner]").TextContent);
        Assert.Contains("Remove sample data", banner.Find("[data-testid=remove-sample]").TextContent);
    }

    [Fact]
    public void A_member_of_the_sample_reads_who_can_remove_it_instead_of_a_button()
    {
        Workspace.Set(Home.Id, "Sample data", UserId, WorkspaceRole.Member, isSample: true);

        var banner = Render<SampleDataBanner>();

        Assert.Empty(banner.FindAll("[data-testid=remove-sample]"));
        Assert.Contains("An admin of this workspace can remove it.", banner.Find("[data-testid=sample-banner]").TextContent);
    }
}
