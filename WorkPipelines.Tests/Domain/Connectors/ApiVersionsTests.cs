using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Tests.Domain.Connectors;

public sealed class ApiVersionsTests
{
    // Deliberately the real date: this test starts failing on the day a pinned version leaves its provider's support.
    [Fact]
    public void Every_pinned_provider_api_version_is_still_within_its_providers_support()
    {
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

        var expired = ApiVersions.All.Where(v => today > v.EndOfSupport).Select(v => $"{v.Api} {v.Version} (ended {v.EndOfSupport:yyyy-MM-dd}, see {v.Source})");

        Assert.Empty(expired);
    }

    [Fact]
    public void Every_pinned_version_names_the_published_page_it_was_checked_against()
    {
        Assert.All(ApiVersions.All, v => Assert.True(
            Uri.TryCreate(v.Source, UriKind.Absolute, out var source) && source.Scheme == Uri.UriSchemeHttps, $"{v.Api}: '{v.Source}'"));
        Assert.Equal(ApiVersions.All.Count, ApiVersions.All.Select(v => v.Api).Distinct().Count());
    }
}
