using MudBlazor;

namespace WorkPipelines.Web.Features.Connectors;

/// <summary>A recognisable icon per provider (brand logos are trademarks; Material icons say what each brings).</summary>
public static class ConnectorIcons
{
    public static string For(string provider) => provider switch
    {
        "stripe" => Icons.Material.Outlined.CreditCard,
        "shopify" => Icons.Material.Outlined.Storefront,
        "ga4" => Icons.Material.Outlined.Insights,
        "meta" => Icons.Material.Outlined.Campaign,
        "social" => Icons.Material.Outlined.ThumbUp,
        "mailchimp" => Icons.Material.Outlined.Email,
        "zendesk" => Icons.Material.Outlined.SupportAgent,
        _ => Icons.Material.Outlined.Cable,
    };

    /// <summary>A "Connect with …" button's icon: Google's and Facebook's marks, as their branding guidelines ask; a sign-in icon for the others.</summary>
    public static string SignIn(Domain.Connectors.OAuth.OAuthProvider provider) => provider.App switch
    {
        "Google" => Icons.Custom.Brands.Google,
        "Facebook" => Icons.Custom.Brands.Facebook,
        _ => Icons.Material.Filled.Login,
    };
}
