using System.Text.Json;
using static WorkPipelines.Tests.Domain.Connectors.Contracts.TypeScriptType;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>
/// A method's result (what its returned promise yields) and dotted field paths through it, as Stripe's <c>expand[]</c>
/// names fields.
/// </summary>
public sealed partial class TypeScriptSchemas
{
    /// <summary>Where <paramref name="json"/> is not what a method declared to return <paramref name="returns"/> yields.</summary>
    public List<string> CheckResult(JsonElement json, TypeScriptType returns, Scope scope)
    {
        List<string> problems = [];
        var (type, at, bindings) = Awaited(returns, scope, Bindings.None);
        CheckValue(json, type, at, bindings, "$", problems);
        return problems;
    }

    /// <summary>
    /// What a promise type yields: <c>Promise&lt;T&gt;</c> yields T, Stripe's <c>Response&lt;T&gt;</c> is T with the HTTP
    /// response attached, and an interface extending <c>Promise&lt;X&gt;</c> (<c>ApiListPromise&lt;T&gt;</c>) yields X.
    /// </summary>
    private (TypeScriptType Type, Scope Scope, Bindings Bindings) Awaited(TypeScriptType type, Scope scope, Bindings bindings)
    {
        if (type is not Reference reference) return (type, scope, bindings);
        if (reference is { Name: "Promise" or "Response", Arguments: [var inner] }) return Awaited(inner, scope, bindings);
        if (Resolve(reference.Name, scope) is { Alias: null } declaration && declaration.Bases.FirstOrDefault(b => b is Reference { Name: "Promise" }) is { } promise)
            return Awaited(promise, declaration.Scope, Bind(declaration, reference, scope, bindings));
        return (type, scope, bindings);
    }

    private static Bindings Bind(Declaration declaration, Reference reference, Scope scope, Bindings bindings) =>
        declaration.Parameters.Count == 0 ? Bindings.None : new Bindings(declaration.Parameters
            .Select((p, i) => (p, (reference.Arguments.ElementAtOrDefault(i) ?? new Reference("any", "any", []), scope, bindings)))
            .ToDictionary(b => b.p, b => b.Item2));

    /// <summary>
    /// Why <paramref name="path"/> (e.g. <c>data.balance_transaction</c>) cannot be expanded from the result of a method
    /// returning <paramref name="returns"/>, or
    /// null. A field can be expanded when it is declared as an id or its object (<c>string | BalanceTransaction</c>), or
    /// when it is optional, i.e. only sent when asked for ("includable", like <c>Price.tiers</c>:
    /// https://docs.stripe.com/api/expanding_objects, https://docs.stripe.com/expand#includable-properties).
    /// </summary>
    public string? ExpandProblem(TypeScriptType returns, Scope scope, string path)
    {
        var (type, at, bindings) = Awaited(returns, scope, Bindings.None);
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            if (Object(type, at, bindings) is not { } owner) return $"{string.Join('.', segments[..i])} is not an object";
            if (!AllMembers(owner.Declaration).TryGetValue(segments[i], out var member)) return $"{segments[i]}: not a field of {owner.Declaration.Name}";
            (type, at, bindings) = (member.Type, owner.Declaration.Scope, owner.Bindings);
            if (i == segments.Length - 1 && !member.Optional && !IsExpandable(type, at, bindings))
                return $"{segments[i]}: {owner.Declaration.Name}.{segments[i]} is {type}, neither expandable nor includable";
        }
        return null;
    }

    private bool IsExpandable(TypeScriptType type, Scope scope, Bindings bindings)
    {
        (type, scope, bindings) = Unwrap(type, scope, bindings);
        return type switch
        {
            Union union => union.Alternatives.Any(a => a is Reference { Name: "string" }) && union.Alternatives.Any(a => Object(a, scope, bindings) is not null),
            ArrayOf array => IsExpandable(array.Item, scope, bindings),
            _ => false,
        };
    }

    /// <summary>The interface <paramref name="type"/> stands for, through arrays, nullable unions, aliases and generic parameters.</summary>
    private (Declaration Declaration, Bindings Bindings)? Object(TypeScriptType type, Scope scope, Bindings bindings)
    {
        (type, scope, bindings) = Unwrap(type, scope, bindings);
        switch (type)
        {
            case ArrayOf array:
                return Object(array.Item, scope, bindings);
            case Union union:
                return union.Alternatives.Select(a => Object(a, scope, bindings)).FirstOrDefault(o => o is not null);
            case Reference reference when Resolve(reference.Name, scope) is { } declaration:
                var bind = Bind(declaration, reference, scope, bindings);
                return declaration.Alias is { } alias ? Object(alias, declaration.Scope, bind) : (declaration, bind);
            default:
                return null;
        }
    }

    private static (TypeScriptType Type, Scope Scope, Bindings Bindings) Unwrap(TypeScriptType type, Scope scope, Bindings bindings)
    {
        while (type is Reference reference && bindings.Map.TryGetValue(reference.Name, out var bound)) (type, scope, bindings) = bound;
        return (type, scope, bindings);
    }
}
