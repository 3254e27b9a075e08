using Microsoft.Extensions.DependencyInjection;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>Marks a registered kind type; added by <c>AddPipelineKind&lt;T&gt;()</c>.</summary>
public sealed record PipelineKindRegistration(Type Type);

/// <summary>What the engine needs to know about a kind without running it.</summary>
public sealed record PipelineKindInfo(string Name, string Title, Type Type, int MaxAttempts, TimeSpan Timeout, Func<string, string> TitleOf);

/// <summary>The registered kinds by name. Reads each kind's settings once, from a throwaway scope.</summary>
public sealed class PipelineKinds(IEnumerable<PipelineKindRegistration> registrations, IServiceScopeFactory scopes)
{
    private readonly Lazy<IReadOnlyDictionary<string, PipelineKindInfo>> _byName = new(() => Read(registrations, scopes));

    public IReadOnlyCollection<string> Names => _byName.Value.Keys.Order().ToList();

    public PipelineKindInfo? Find(string name) => _byName.Value.GetValueOrDefault(name);

    /// <summary>What to call a run of <paramref name="kind"/> with this payload.</summary>
    public string TitleFor(string kind, string payloadJson)
    {
        if (Find(kind) is not { } info) return kind;
        try { return info.TitleOf(payloadJson); }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException) { return info.Title; }
    }

    public PipelineKindInfo Get(string name) => Find(name)
        ?? throw new ArgumentException($"unknown pipeline kind '{name}'; known: {string.Join(", ", Names)}", nameof(name));

    private static IReadOnlyDictionary<string, PipelineKindInfo> Read(IEnumerable<PipelineKindRegistration> registrations, IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        var kinds = new Dictionary<string, PipelineKindInfo>(StringComparer.Ordinal);
        foreach (var type in registrations.Select(r => r.Type).Distinct())
        {
            var kind = (IPipelineKind)scope.ServiceProvider.GetRequiredService(type);
            if (kind.MaxAttempts < 1) throw new InvalidOperationException($"pipeline kind '{kind.Name}' needs MaxAttempts >= 1");
            if (kind.Timeout <= TimeSpan.Zero) throw new InvalidOperationException($"pipeline kind '{kind.Name}' needs a positive Timeout");
            if (!kinds.TryAdd(kind.Name, new PipelineKindInfo(kind.Name, kind.Title, type, kind.MaxAttempts, kind.Timeout, kind.TitleOf)))
                throw new InvalidOperationException($"two pipeline kinds are named '{kind.Name}'");
        }
        return kinds;
    }
}
