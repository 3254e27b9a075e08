using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox;

/// <summary>
/// One provider's emulated API, mounted at <c>/sandbox/{Provider}</c>. Its endpoints serve the
/// real API's paths, JSON shapes, pagination and errors from <see cref="SandboxData"/>.
/// <c>AddSandbox()</c> registers every implementation in this project.
/// </summary>
public interface ISandboxProvider
{
    string Provider { get; }

    /// <summary>The API token of a request, read the way the real provider reads it.</summary>
    string? ReadToken(HttpRequest request);

    /// <summary>An error answer in the real provider's format.</summary>
    IResult Error(int status, string code, string message);

    /// <summary>Maps the provider's endpoints; handlers get the caller's account with <c>http.SandboxAccount()</c>.</summary>
    void MapEndpoints(IEndpointRouteBuilder group);

    /// <summary>
    /// What a non-secret credential field of the provider holds in a sandbox connection (a shop domain, a property id), of
    /// <paramref name="account"/> when there is one; null: a placeholder (<c>sandbox-{provider}</c>) does.
    /// </summary>
    string? ValueOf(string field, SandboxAccount? account) => null;
}

/// <summary>
/// A sandbox provider that also plays its provider's OAuth token endpoint. Mapped beside its API but outside the fault
/// filter: a token request carries no bearer token, and the endpoint finds the account from the grant itself.
/// </summary>
public interface ISandboxTokenEndpoint
{
    void MapTokenEndpoint(IEndpointRouteBuilder group);
}
