using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox;

/// <summary>Identifier fields of a sandbox connection get plausible values (a sandbox Shopify app's client id, given its account); secrets get the account token.</summary>
internal static class SandboxValues
{
    public static string Of(string field, string provider, SandboxAccount? account = null) => field switch
    {
        Domain.Connectors.Shopify.ShopifyAppCredentials.ClientIdField when account is not null => Shopify.ShopifySandboxToken.ClientIdOf(account.TokenHash),
        "shopDomain" => "sandbox-shop.myshopify.com",
        "propertyId" => "123456789",
        "adAccountId" => "act_1000000001",
        "pageId" => "1000000002",
        "subdomain" => "sandbox",
        "email" => "admin@sandbox.example",
        _ => $"sandbox-{provider}",
    };
}
