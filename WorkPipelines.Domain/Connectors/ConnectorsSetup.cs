using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using WorkPipelines.Domain.Connectors.OAuth;
using WorkPipelines.Domain.Connectors.Sync;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Outbound;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Sandbox;

namespace WorkPipelines.Domain.Connectors;

public static class ConnectorsSetup
{
    /// <summary>Connections, the sync pipeline, rollups, the sandbox and every provider's connector and sandbox.</summary>
    public static IServiceCollection AddConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConnectorOptions>().Bind(configuration.GetSection(ConnectorOptions.Section));
        services.AddDataProtection();
        services.AddSingleton<CredentialProtector>();
        services.AddScoped<ConnectorRegistry>();
        services.AddScoped<ConnectionSessions>();
        services.AddScoped<ConnectionService>();
        services.AddScoped<ConnectorViews>();
        services.AddScoped<SyncHistoryQuery>();
        services.AddScoped<RecordWriter>();
        services.AddScoped<Rollups>();
        services.AddSingleton<SandboxAccounts>();
        services.AddSingleton<SandboxAddress>();
        services.AddSingleton<Sandbox.OAuth.SandboxOAuth>();
        services.AddConnectorOAuth(configuration);
        services.AddTransient<ScheduleDueSyncs>();
        services.AddPipelineKind<SyncConnection>();

        services.AddConnector<Stripe.StripeConnector>(Stripe.StripeConnector.Key).AddSandboxProvider<Sandbox.Stripe.StripeSandbox>();
        services.AddConnector<Ga4.Ga4Connector>(Ga4.Ga4Connector.Key).AddSandboxProvider<Sandbox.Ga4.Ga4Sandbox>();
        services.AddConnector<Zendesk.ZendeskConnector>(Zendesk.ZendeskConnector.Key).AddSandboxProvider<Sandbox.Zendesk.ZendeskSandbox>();
        services.AddConnector<Meta.MetaConnector>(Meta.MetaConnector.Key).AddSandboxProvider<Sandbox.Meta.MetaSandbox>();
        services.AddConnector<Social.SocialConnector>(Social.SocialConnector.Key).AddSandboxProvider<Sandbox.Social.SocialSandbox>();
        services.AddConnector<Shopify.ShopifyConnector>(Shopify.ShopifyConnector.Key).AddSandboxProvider<Sandbox.Shopify.ShopifySandbox>();
        services.AddConnector<Mailchimp.MailchimpConnector>(Mailchimp.MailchimpConnector.Key).AddSandboxProvider<Sandbox.Mailchimp.MailchimpSandbox>();

        // Two clients, each with the standard pipeline (retries 429/5xx with backoff, honours Retry-After, per-attempt and
        // total timeouts; tunable under Connectors:Resilience) and neither following redirects: real connections connect
        // only where the outbound policy allows, checked again on every new connection; sandbox connections only to the sandbox.
        AddConnectorClient(services, configuration, ConnectorRegistry.HttpClientName, sp => OutboundHttp.Handler(sp.GetRequiredService<AddressGate>()))
            .AddHttpMessageHandler(() => new OutboundPolicyHandler());
        AddConnectorClient(services, configuration, ConnectorRegistry.SandboxHttpClientName, sp => new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectCallback = sp.GetRequiredService<SandboxAddress>().ConnectAsync,
        });
        return services;
    }

    private static IHttpClientBuilder AddConnectorClient(IServiceCollection services, IConfiguration configuration, string name, Func<IServiceProvider, HttpMessageHandler> primary)
    {
        var client = services.AddHttpClient(name, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("WorkPipelines/1.0"))
            .ConfigurePrimaryHttpMessageHandler(primary);
        client.AddStandardResilienceHandler().Configure((options, services) =>
        {
            // No shared circuit breaker: one client serves every connection of every workspace, so a
            // breaker opened by one account's outage would stop all the others. The engine's run
            // backoff and the pause after repeated failures do that job per connection.
            options.CircuitBreaker.ShouldHandle = _ => ValueTask.FromResult(false);
            configuration.GetSection("Connectors:Resilience").Bind(options);
            // A Retry-After longer than a few seconds would outlast the total request timeout: answer it to the connector,
            // which waits it out within the run (RateLimits.WaitOutAsync) instead of failing the request.
            var retries = options.Retry.ShouldHandle;
            var time = services.GetRequiredService<TimeProvider>();
            options.Retry.ShouldHandle = args => RateLimits.IsLongerThanHttpWait(args.Outcome.Result, time) ? ValueTask.FromResult(false) : retries(args);
        });
        return client;
    }

    public static IServiceCollection AddConnector<TConnector>(this IServiceCollection services, string provider) where TConnector : class, IConnector
    {
        services.AddScoped<TConnector>();
        services.AddSingleton(new ConnectorRegistration(provider, typeof(TConnector)));
        return services;
    }

    public static IServiceCollection AddSandboxProvider<TProvider>(this IServiceCollection services) where TProvider : class, ISandboxProvider
    {
        services.AddSingleton<ISandboxProvider, TProvider>();
        return services;
    }
}
