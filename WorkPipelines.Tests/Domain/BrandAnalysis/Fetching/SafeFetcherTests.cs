using Microsoft.Extensions.Options;
using WorkPipelines.Domain.BrandAnalysis;
using WorkPipelines.Domain.BrandAnalysis.Fetching;
using WorkPipelines.Domain.Outbound;
using WorkPipelines.Tests.Infrastructure;
using static WorkPipelines.Tests.Infrastructure.TableResolver;

namespace WorkPipelines.Tests.Domain.BrandAnalysis.Fetching;

public sealed class SafeFetcherTests
{
    private static readonly FixtureSite Site = FixtureSite.Shared;

    private static TableResolver Dns() => new(new()
    {
        ["internal.example"] = [Addresses("10.0.0.5")],
        ["metadata.example"] = [Addresses("169.254.169.254")],
        ["mixed.example"] = [Addresses("93.184.216.34", "192.168.1.1")],
        ["ula.example"] = [Addresses("fd12:3456::1")],
        ["fixture.test"] = [Addresses("127.0.0.1")],
    });

    private static SafeFetcher Fetcher(IHostResolver resolver, bool allowFixture = true, TimeSpan? timeout = null) =>
        new(new AddressGate(resolver, Options.Create(new OutboundOptions { AllowLoopbackEndpoints = allowFixture ? [Site.EndPoint] : [] })),
            Options.Create(new BrandAnalysisOptions { FetchTimeout = timeout ?? TimeSpan.FromSeconds(15) }));

    [Theory]
    // Address classes, IPv4
    [InlineData("http://127.0.0.1/", "127.0.0.1 is a loopback address")]
    [InlineData("http://localhost/", "localhost is a loopback address")]
    [InlineData("http://10.0.0.1/", "10.0.0.1 is a private address")]
    [InlineData("http://172.16.5.4/", "172.16.5.4 is a private address")]
    [InlineData("http://192.168.1.1/", "192.168.1.1 is a private address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address")]
    [InlineData("http://100.64.0.1/", "100.64.0.1 is a carrier-grade NAT address")]
    [InlineData("http://224.0.0.1/", "224.0.0.1 is a multicast address")]
    [InlineData("http://240.0.0.1/", "240.0.0.1 is a reserved address")]
    [InlineData("http://255.255.255.255/", "255.255.255.255 is a broadcast address")]
    [InlineData("http://0.0.0.0/", "0.0.0.0 is an unspecified address")]
    [InlineData("http://192.0.2.10/", "192.0.2.10 is a documentation address")]
    // Address classes, IPv6 and IPv6 carrying IPv4
    [InlineData("http://[::1]/", "is a loopback address")]
    [InlineData("http://[::]/", "is an unspecified address")]
    [InlineData("http://[fd00::1]/", "is a private address")]
    [InlineData("http://[fec0::1]/", "is a private address")]
    [InlineData("http://[fe80::1]/", "is a link-local address")]
    [InlineData("http://[ff02::1]/", "is a multicast address")]
    [InlineData("http://[2001:db8::1]/", "is a documentation address")]
    [InlineData("http://[::ffff:127.0.0.1]/", "is a loopback address")]
    [InlineData("http://[::ffff:a9fe:a9fe]/", "is a link-local address")]
    [InlineData("http://[64:ff9b::10.0.0.1]/", "is a private address")]
    [InlineData("http://[2002:c0a8:101::1]/", "is a private address")]
    // Other spellings of 127.0.0.1
    [InlineData("http://2130706433/", "loopback address")]
    [InlineData("http://0x7f000001/", "loopback address")]
    [InlineData("http://0177.0.0.1/", "loopback address")]
    [InlineData("http://017700000001/", "loopback address")]
    [InlineData("http://127.1/", "loopback address")]
    [InlineData("http://0x7f.1/", "loopback address")]
    [InlineData("http://127.0.0.1./", "loopback address")]
    [InlineData("http://LOCALHOST.:8080/", "loopback address")]
    // Schemes and credentials
    [InlineData("file:///etc/passwd", "only http and https are allowed, not file:")]
    [InlineData("gopher://example.com:70/_GET", "only http and https are allowed, not gopher:")]
    [InlineData("ftp://example.com/", "only http and https are allowed, not ftp:")]
    [InlineData("javascript:alert(1)", "only http and https are allowed, not javascript:")]
    [InlineData("http://user:pass@example.com/", "addresses with a user name or password (user:pass@) are not allowed")]
    [InlineData("https://admin@example.com/", "addresses with a user name or password (user:pass@) are not allowed")]
    // Names that resolve inward (any address blocked blocks the name)
    [InlineData("http://internal.example/", "internal.example resolves to a private address (10.0.0.5)")]
    [InlineData("http://metadata.example/", "metadata.example resolves to a link-local address (169.254.169.254)")]
    [InlineData("http://mixed.example/", "mixed.example resolves to a private address (192.168.1.1)")]
    [InlineData("http://ula.example/", "ula.example resolves to a private address (fd12:3456::1)")]
    [InlineData("http://nowhere.example/", "nowhere.example could not be found: check the address for a typo; if it is right, this server may have no internet access")]
    // Redirects from the (allowed) loopback fixture server, each hop checked
    [InlineData("{site}trap/redirect-metadata", "169.254.169.254 is a link-local address")]
    [InlineData("{site}trap/redirect-loopback", "127.0.0.1 is a loopback address")]
    [InlineData("{site}trap/redirect-private-name", "internal.example resolves to a private address (10.0.0.5)")]
    [InlineData("{site}trap/redirect-file", "only http and https are allowed, not file:")]
    [InlineData("{site}trap/redirect-chain/6", "redirected more than 5 times")]
    // Caps
    [InlineData("{site}trap/huge", "the page is larger than 5 MB")]
    [InlineData("{site}trap/slow", "took longer than 1 s to load")]
    public async Task Hostile_urls_are_refused_with_the_reason(string input, string reason)
    {
        // One second for the slow trap (its reason names it); the others get time to spare, so a busy machine (CI running the
        // suite side by side) cannot turn a refused redirect into "took longer than 1 s".
        using var fetcher = Fetcher(Dns(), timeout: TimeSpan.FromSeconds(input.EndsWith("trap/slow", StringComparison.Ordinal) ? 1 : 20));
        var (url, problem) = UrlGuard.Parse(input.Replace("{site}", Site.Root.ToString()));
        Assert.NotNull(url); // every row is a well-formed URL: the refusal comes from the rules, not from a parse error

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.GetAsync(url, CancellationToken.None));

        Assert.Contains(reason, refused.Message);
        if (problem is not null) Assert.Contains(reason, problem); // what the API answers before queueing anything
    }

    [Theory]
    [InlineData("", "enter a website address")]
    [InlineData("http://", "is not a valid web address")]
    [InlineData("http://exa mple.com/", "is not a valid web address")]
    [InlineData("http://1.2.3.4.5/", "is not a valid host name")]
    public void Malformed_input_is_refused_before_any_lookup(string input, string reason)
    {
        var (_, problem) = UrlGuard.Parse(input);

        Assert.NotNull(problem);
        Assert.Contains(reason, problem);
    }

    [Theory]
    [InlineData("example.com", "https://example.com/")]
    [InlineData("example.com:8443/shop", "https://example.com:8443/shop")]
    [InlineData("http://93.184.216.34:8080/", "http://93.184.216.34:8080/")]
    [InlineData("HTTPS://Example.COM/About", "https://example.com/About")]
    public void Ordinary_addresses_pass_the_url_gate(string input, string expected)
    {
        var (url, problem) = UrlGuard.Parse(input);

        Assert.Null(problem);
        Assert.Equal(expected, url!.ToString());
    }

    [Fact]
    public async Task A_name_that_rebinds_to_a_private_address_after_the_check_is_refused_when_connecting()
    {
        var dns = new TableResolver(new() { ["rebind.example"] = [Addresses("93.184.216.34"), Addresses("10.0.0.7")] });
        using var fetcher = Fetcher(dns);

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.GetAsync(new Uri("http://rebind.example/"), CancellationToken.None));

        Assert.Equal("rebind.example resolves to a private address (10.0.0.7) when connecting", refused.Message);
        Assert.Equal(2, dns.TimesAsked("rebind.example"));
    }

    [Fact]
    public async Task The_socket_connects_to_what_the_resolver_allowed_so_a_name_known_only_to_it_loads()
    {
        using var fetcher = Fetcher(Dns());

        var page = await fetcher.GetAsync(new Uri($"http://fixture.test:{Site.Root.Port}/trap/redirect-chain/5"), CancellationToken.None);

        Assert.Equal(200, page.StatusCode);
        Assert.Contains("end of the chain", page.Text);
        Assert.Equal($"http://fixture.test:{Site.Root.Port}/trap/redirect-chain/0", page.Url.ToString());
    }

    [Fact]
    public async Task Loopback_is_refused_unless_the_setting_lists_the_endpoint()
    {
        using var strict = Fetcher(Dns(), allowFixture: false);
        using var allowing = Fetcher(Dns());

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => strict.GetAsync(Site.Root, CancellationToken.None));
        var page = await allowing.GetAsync(Site.Root, CancellationToken.None);

        Assert.Equal("127.0.0.1 is a loopback address", refused.Message);
        Assert.Equal(200, page.StatusCode);
        Assert.Empty(new OutboundOptions().AllowLoopbackEndpoints);
    }

    [Fact]
    public async Task Requests_carry_the_honest_user_agent()
    {
        using var fetcher = Fetcher(Dns());

        var echoed = await fetcher.GetAsync(Site.Url("trap/agent"), CancellationToken.None);

        Assert.Equal($"WorkPipelinesBot/1.0 (+{new BrandAnalysisOptions().BotInfoUrl})", echoed.Text);
    }

    [Theory]
    [InlineData("10.0.0.1:80")]
    [InlineData("example.com:80")]
    [InlineData("127.0.0.1")]
    public void The_allow_list_takes_loopback_endpoints_only(string entry)
    {
        var options = new OutboundOptions { AllowLoopbackEndpoints = [entry] };

        var error = Assert.Throws<InvalidOperationException>(() => new AddressGate(new DnsHostResolver(), Options.Create(options)));

        Assert.Contains("loopback address:port pairs only", error.Message);
    }
}
