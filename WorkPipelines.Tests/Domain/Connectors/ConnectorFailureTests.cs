using System.Net;
using System.Text;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors;

/// <summary>Every connector's connect check, against answers that are not its provider's: typed failures that never repeat the body.</summary>
public sealed class ConnectorFailureTests
{
    private static readonly string Page = $"<html><head><title>{LoopbackListener.Secret}</title></head><body>db password: hunter2</body></html>";

    public static TheoryData<string, int, string, string> Answers()
    {
        var data = new TheoryData<string, int, string, string>();
        foreach (var provider in ProviderCatalog.All.Select(p => p.Key))
        {
            data.Add(provider, 400, "text/html", Page);
            data.Add(provider, 200, "text/html", Page);
            data.Add(provider, 401, "text/html", Page);
            data.Add(provider, 502, "text/html", Page);
            data.Add(provider, 404, "application/json", $$"""{"detail":"{{LoopbackListener.Secret}}","trace":"hunter2"}""");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task A_check_answered_by_something_else_fails_in_words(string provider, int status, string mediaType, string body)
    {
        var connector = Connector(provider);
        var info = ProviderCatalog.Find(provider)!;
        var credentials = info.Credentials.ToDictionary(f => f.Name, f => f.Name == "apiKey" ? "0123456789abcdef0123456789abcdef-us21" : "x1");
        using var http = new HttpClient(new Answering(status, mediaType, body));
        var session = new ConnectorSession(http, new Uri("https://provider.test/"), credentials, Guid.NewGuid(), info.Title);

        var failure = await Record.ExceptionAsync(() => connector.VerifyAsync(session, CancellationToken.None));

        Assert.True(failure is ConnectorAuthException or ConnectorDataException or ConnectorUnavailableException,
            $"{failure?.GetType().Name ?? "no exception"}: {failure?.Message}");
        Assert.DoesNotContain(LoopbackListener.Secret, failure!.Message);
        Assert.DoesNotContain("hunter2", failure.Message);
    }

    private static IConnector Connector(string provider) => provider switch
    {
        "stripe" => new WorkPipelines.Domain.Connectors.Stripe.StripeConnector(),
        "shopify" => new WorkPipelines.Domain.Connectors.Shopify.ShopifyConnector(TimeProvider.System),
        "ga4" => new WorkPipelines.Domain.Connectors.Ga4.Ga4Connector(),
        "meta" => new WorkPipelines.Domain.Connectors.Meta.MetaConnector(TimeProvider.System),
        "social" => new WorkPipelines.Domain.Connectors.Social.SocialConnector(TimeProvider.System),
        "mailchimp" => new WorkPipelines.Domain.Connectors.Mailchimp.MailchimpConnector(),
        "zendesk" => new WorkPipelines.Domain.Connectors.Zendesk.ZendeskConnector(),
        _ => throw new ArgumentException($"no connector for {provider} in this test; add it"),
    };

    private sealed class Answering(int status, string mediaType, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage((HttpStatusCode)status)
            {
                RequestMessage = request,
                Content = new StringContent(body, Encoding.UTF8, mediaType),
            });
    }
}
