using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Tests.Domain.Connectors;

public sealed class ProviderHostsTests
{
    [Theory]
    [InlineData("stripe", "", "", "https://api.stripe.com/")]
    [InlineData("ga4", "", "", "https://analyticsdata.googleapis.com/")]
    [InlineData("meta", "", "", "https://graph.facebook.com/")]
    [InlineData("social", "", "", "https://graph.facebook.com/")]
    [InlineData("shopify", "shopDomain", "acme.myshopify.com", "https://acme.myshopify.com/")]
    [InlineData("shopify", "shopDomain", " https://Acme-Roasters.myshopify.com/ ", "https://acme-roasters.myshopify.com/")]
    [InlineData("shopify", "shopDomain", "acme", "https://acme.myshopify.com/")]
    [InlineData("zendesk", "subdomain", "acme", "https://acme.zendesk.com/")]
    [InlineData("zendesk", "subdomain", "https://ACME.zendesk.com", "https://acme.zendesk.com/")]
    [InlineData("mailchimp", "apiKey", "0123456789abcdef0123456789abcdef-us21", "https://us21.api.mailchimp.com/")]
    [InlineData("mailchimp", "apiKey", "0123456789ABCDEF0123456789ABCDEF-US6", "https://us6.api.mailchimp.com/")]
    [InlineData("mailchimp", "dc", "us19", "https://us19.api.mailchimp.com/")] // a signed-in connection's data centre
    public void The_api_host_is_the_providers_own_derived_from_the_form(string provider, string field, string value, string expected)
    {
        var credentials = new Dictionary<string, string>();
        if (field.Length > 0) credentials[field] = value;

        var (url, problem) = ProviderHosts.Derive(provider, credentials);

        Assert.Null(problem);
        Assert.Equal(expected, url!.ToString());
    }

    [Theory]
    [InlineData("shopify", "shopDomain", "shop.acme.com")]
    [InlineData("shopify", "shopDomain", "-acme.myshopify.com")]
    [InlineData("shopify", "shopDomain", "acme.myshopify.com:8443")]
    [InlineData("shopify", "shopDomain", "acme.myshopify.com/admin")]
    [InlineData("shopify", "shopDomain", "acme.myshopify.com#@127.0.0.1")]
    [InlineData("shopify", "shopDomain", "")]
    [InlineData("zendesk", "subdomain", "acme.example.com")]
    [InlineData("zendesk", "subdomain", "acme.zendesk.com:1")]
    [InlineData("zendesk", "subdomain", "[::1]")]
    [InlineData("mailchimp", "apiKey", "0123456789abcdef0123456789abcdef-us21.evil.example")]
    [InlineData("mailchimp", "dc", "us1.evil.example/x")]
    [InlineData("mailchimp", "dc", "")]
    [InlineData("mailchimp", "apiKey", "0123456789abcdef0123456789abcdef-us21/")]
    [InlineData("mailchimp", "apiKey", "-us21")]
    public void Anything_else_in_a_host_field_is_a_problem(string provider, string field, string value)
    {
        var (url, problem) = ProviderHosts.Derive(provider, new Dictionary<string, string> { [field] = value });

        Assert.Null(url);
        Assert.NotNull(problem);
    }
}
