using System.Text.RegularExpressions;

namespace WorkPipelines.Domain.BrandAnalysis.Analysis;

/// <summary>Platforms, analytics and ad pixels, frameworks and hosting, recognised by fingerprints in markup, script sources and headers.</summary>
internal static class TechnologyAnalyzer
{
    private enum Source { Markup, Generator, Header }

    private sealed record Rule(string Name, string Category, Source Source, Regex Pattern, string? Header = null);

    private static Rule Markup(string name, string category, string pattern) => new(name, category, Source.Markup, new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
    private static Rule Generator(string name, string category, string pattern) => new(name, category, Source.Generator, new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
    private static Rule Header(string name, string category, string header, string pattern) => new(name, category, Source.Header, new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), header);

    private static readonly Rule[] Rules =
    [
        Markup("Shopify", "Commerce", @"cdn\.shopify\.com[^""'\s]*|Shopify\.theme"),
        Header("Shopify", "Commerce", "x-shopid", ".+"),
        Markup("WooCommerce", "Commerce", @"/plugins/woocommerce/[^""'\s]*|\bwoocommerce\b"),
        Markup("BigCommerce", "Commerce", @"cdn\d*\.bigcommerce\.com"),
        Markup("Magento", "Commerce", @"Magento_\w+|mage/cookies"),
        Generator("WordPress", "CMS", @"WordPress[\d. ]*"),
        Markup("WordPress", "CMS", @"/wp-(?:content|includes)/[^""'\s]*"),
        Generator("Wix", "CMS", @"Wix\.com.*"),
        Markup("Squarespace", "CMS", @"static1\.squarespace\.com"),
        Markup("Webflow", "CMS", @"data-wf-site=""[^""]*"""),
        Generator("Drupal", "CMS", @"Drupal[\d. ]*"),
        Generator("Ghost", "CMS", @"Ghost[\d. ]*"),
        Generator("Hugo", "CMS", @"Hugo[\d. ]*"),
        Markup("Google Analytics 4", "Analytics", @"googletagmanager\.com/gtag/js\?id=G-[A-Z0-9]+|gtag\(\s*['""]config['""]\s*,\s*['""]G-[A-Z0-9]+"),
        Markup("Google Tag Manager", "Analytics", @"googletagmanager\.com/gtm\.js|GTM-[A-Z0-9]{4,}"),
        Markup("Universal Analytics", "Analytics", @"\bUA-\d{4,}-\d+"),
        Markup("Hotjar", "Analytics", @"static\.hotjar\.com"),
        Markup("Microsoft Clarity", "Analytics", @"clarity\.ms/tag"),
        Markup("Plausible", "Analytics", @"plausible\.io/js"),
        Markup("Segment", "Analytics", @"cdn\.segment\.com"),
        Markup("Meta Pixel", "Advertising", @"connect\.facebook\.net/[^""'\s]*/fbevents\.js|fbq\(\s*['""]init['""]\s*,\s*['""]\d+"),
        Markup("Google Ads", "Advertising", @"googleadservices\.com|gtag\(\s*['""]config['""]\s*,\s*['""]AW-\d+"),
        Markup("TikTok Pixel", "Advertising", @"analytics\.tiktok\.com"),
        Markup("LinkedIn Insight", "Advertising", @"snap\.licdn\.com"),
        Markup("HubSpot", "Marketing", @"js\.hs-scripts\.com"),
        Markup("Klaviyo", "Marketing", @"static\.klaviyo\.com"),
        Markup("Mailchimp", "Marketing", @"chimpstatic\.com|list-manage\.com"),
        Markup("Intercom", "Support", @"widget\.intercom\.io"),
        Markup("Zendesk", "Support", @"static\.zdassets\.com"),
        Markup("Next.js", "Framework", @"__NEXT_DATA__|/_next/static"),
        Markup("Nuxt", "Framework", @"__NUXT__|/_nuxt/"),
        Markup("Gatsby", "Framework", @"___gatsby"),
        Markup("Angular", "Framework", @"ng-version=""[^""]*"""),
        Markup("React", "Framework", @"data-reactroot|react(?:-dom)?(?:\.production)?(?:\.min)?\.js"),
        Markup("Vue.js", "Framework", @"\bvue(?:\.global)?(?:\.prod)?(?:\.min)?\.js|data-v-[0-9a-f]{8}"),
        Markup("Alpine.js", "Framework", @"alpinejs"),
        Markup("jQuery", "Library", @"jquery[-.\d]*(?:\.min)?\.js"),
        Markup("Bootstrap", "Library", @"bootstrap(?:\.bundle)?(?:\.min)?\.(?:css|js)"),
        Markup("Font Awesome", "Library", @"font-?awesome"),
        Header("Cloudflare", "Hosting", "cf-ray", ".+"),
        Header("Cloudflare", "Hosting", "server", "cloudflare"),
        Header("Vercel", "Hosting", "x-vercel-id", ".+"),
        Header("Netlify", "Hosting", "server", "netlify"),
        Header("nginx", "Server", "server", @"nginx[\w/.]*"),
        Header("Apache", "Server", "server", @"apache[\w/.]*"),
        Header("PHP", "Server", "x-powered-by", @"php[\w/.]*"),
        Header("Express", "Server", "x-powered-by", "express"),
        Header("ASP.NET", "Server", "x-powered-by", @"asp\.net"),
    ];

    public static List<TechFinding> Analyze(CrawledSite site)
    {
        var found = new List<TechFinding>();
        foreach (var page in site.Pages)
        {
            var generator = IdentityAnalyzer.Meta(page.Document, "generator") ?? "";
            foreach (var rule in Rules)
            {
                if (found.Any(f => f.Name == rule.Name)) continue;
                var evidence = rule.Source switch
                {
                    Source.Markup => rule.Pattern.Match(page.Html) is { Success: true } m ? m.Value : null,
                    Source.Generator => rule.Pattern.Match(generator) is { Success: true } m ? $"generator: {m.Value.Trim()}" : null,
                    _ => page.Headers.TryGetValue(rule.Header!, out var value) && rule.Pattern.IsMatch(value) ? $"{rule.Header}: {value}" : null,
                };
                if (evidence is not null) found.Add(new TechFinding(rule.Name, rule.Category, Shorten(evidence), page.Address));
            }
        }
        return found;
    }

    private static string Shorten(string evidence) => evidence.Length > 100 ? evidence[..100] + "…" : evidence;
}
