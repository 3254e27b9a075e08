using System.Text.Json;
using System.Text.RegularExpressions;
using static WorkPipelines.Tests.Domain.Connectors.Contracts.TypeScriptType;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>JSON against a declared type: the one walk both generators' types share.</summary>
public sealed partial class TypeScriptSchemas
{
    private void CheckValue(JsonElement value, TypeScriptType type, Scope scope, Bindings bindings, string at, List<string> problems)
    {
        if (type is Union union)
        {
            var alternatives = union.Alternatives.Where(a => !IsNull(a)).ToList();
            if (value.ValueKind == JsonValueKind.Null)
            {
                if (alternatives.Count == union.Alternatives.Count) problems.Add($"{at}: null where {type} is declared");
                return;
            }
            if (alternatives.Count == 1) CheckValue(value, alternatives[0], scope, bindings, at, problems);
            else CheckAlternatives(value, alternatives, scope, bindings, at, problems);
            return;
        }
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!IsNull(type)) problems.Add($"{at}: null where {type} is declared");
            return;
        }
        switch (type)
        {
            case ArrayOf array:
                if (value.ValueKind != JsonValueKind.Array) { problems.Add($"{at}: {value.ValueKind} where {type} is declared"); return; }
                var index = 0;
                foreach (var item in value.EnumerateArray()) CheckValue(item, array.Item, scope, bindings, $"{at}[{index++}]", problems);
                return;
            case Literal literal:
                if (value.ValueKind != JsonValueKind.String || value.GetString() != literal.Value) problems.Add($"{at}: {value.GetRawText()} where {type} is declared");
                return;
            case Intersection intersection:
                // Stripe's OtherString is "string & Record<never, never>": a string; the empty record adds nothing.
                foreach (var part in intersection.Parts.Where(p => p is not Reference { Name: "Record" })) CheckValue(value, part, scope, bindings, at, problems);
                return;
            case ObjectType inline:
                CheckObject(value, inline.Fields.ToDictionary(f => f.Key, f => new Member(f.Value, true)), inline.Index, type.Text, scope, bindings, at, problems);
                return;
            case Reference reference:
                CheckReference(value, reference, scope, bindings, at, problems);
                return;
        }
    }

    private void CheckReference(JsonElement value, Reference reference, Scope scope, Bindings bindings, string at, List<string> problems)
    {
        if (bindings.Map.TryGetValue(reference.Name, out var bound)) { CheckValue(value, bound.Type, bound.Scope, bound.Outer, at, problems); return; }
        var kind = value.ValueKind;
        bool? primitive = reference.Name switch
        {
            // Google's generator declares int64/uint64 fields as string; proto3 JSON accepts them as numbers too.
            "string" => kind == JsonValueKind.String || (_numbersAsStrings && kind == JsonValueKind.Number),
            "number" => kind == JsonValueKind.Number,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "any" or "unknown" => true,
            "null" or "undefined" or "void" or "never" => false,
            // Stripe's *_decimal fields: "decimal string" in its API reference (e.g. https://docs.stripe.com/api/prices/object#price_object-unit_amount_decimal).
            "Decimal" => kind == JsonValueKind.String && DecimalString().IsMatch(value.GetString()!),
            _ => null,
        };
        if (primitive is { } ok)
        {
            if (!ok) problems.Add($"{at}: {(kind == JsonValueKind.String ? $"\"{value.GetString()}\"" : kind.ToString())} where {reference} is declared");
            return;
        }
        if (reference.Name == "Record" && reference.Arguments.Count == 2)
        {
            CheckObject(value, new Dictionary<string, Member>(), reference.Arguments[1], reference.Text, scope, bindings, at, problems);
            return;
        }
        if (Resolve(reference.Name, scope) is not { } declaration) { problems.Add($"{at}: declared type {reference.Name} is not one this reader knows"); return; }
        var bind = Bind(declaration, reference, scope, bindings);
        if (declaration.Alias is { } alias) CheckValue(value, alias, declaration.Scope, bind, at, problems);
        else CheckObject(value, AllMembers(declaration), declaration.Index, declaration.Name, declaration.Scope, bind, at, problems);
    }

    private void CheckObject(JsonElement value, IReadOnlyDictionary<string, Member> fields, TypeScriptType? index, string name, Scope scope, Bindings bindings,
        string at, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Object) { problems.Add($"{at}: {value.ValueKind} where {name} is declared"); return; }
        foreach (var property in value.EnumerateObject())
        {
            if (fields.TryGetValue(property.Name, out var field)) CheckValue(property.Value, field.Type, scope, bindings, $"{at}.{property.Name}", problems);
            else if (index is not null) CheckValue(property.Value, index, scope, bindings, $"{at}.{property.Name}", problems);
            else problems.Add($"{at}.{property.Name}: not a field of {name}");
        }
    }

    /// <summary>
    /// A union like Stripe's <c>string | BalanceTransaction</c> (an id, or the object when expanded): the value fits when
    /// one alternative takes it; otherwise the alternative that got furthest explains why.
    /// </summary>
    private void CheckAlternatives(JsonElement value, List<TypeScriptType> alternatives, Scope scope, Bindings bindings, string at, List<string> problems)
    {
        var tries = alternatives.Select(alternative =>
        {
            List<string> found = [];
            CheckValue(value, alternative, scope, bindings, at, found);
            return found;
        }).ToList();
        if (tries.Any(t => t.Count == 0)) return;
        var deep = tries.Where(t => !t.All(p => p.StartsWith(at + ":", StringComparison.Ordinal))).OrderBy(t => t.Count).FirstOrDefault();
        if (deep is not null) problems.AddRange(deep);
        else problems.Add($"{at}: {value.ValueKind} where {string.Join(" | ", alternatives)} is declared");
    }

    private static bool IsNull(TypeScriptType type) => type is Reference { Name: "null" or "undefined" or "void" };

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex DecimalString();
}
