using System.Text.Json;
using System.Text.RegularExpressions;
using GraphQLParser.AST;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>
/// The JSON side: variables as sent, and answers as a server must give them — exactly the selected fields (by alias),
/// each with a value of its declared type: non-null where the schema says so, lists, enums, and each scalar in the JSON
/// form its schema description gives (Shopify's Money and Decimal "serialized as a string", DateTime "ISO 8601-encoded").
/// </summary>
public sealed partial class GraphQlSchema
{
    /// <summary>Where <paramref name="data"/> is not what <paramref name="document"/> selects: one line per problem.</summary>
    public List<string> CheckAnswer(string document, JsonElement data)
    {
        List<string> problems = [];
        if (Parse(document, problems) is not { } parsed) return problems;
        var fragments = parsed.Definitions.OfType<GraphQLFragmentDefinition>().ToDictionary(f => f.FragmentName.Name.StringValue);
        var operation = parsed.Definitions.OfType<GraphQLOperationDefinition>().Single();
        CheckObject(data, [operation.SelectionSet], _types[_queryType], "data", fragments, problems);
        return problems;
    }

    private void CheckObject(JsonElement value, List<GraphQLSelectionSet> sets, TypeDef type, string at,
        Dictionary<string, GraphQLFragmentDefinition> fragments, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Object) { problems.Add($"{at}: {value.ValueKind} where {type.Name} is declared"); return; }
        // An interface or union answers as one of its object types, named by __typename when selected.
        if (type.Kind is "INTERFACE" or "UNION" && value.TryGetProperty("__typename", out var concrete) && _types.TryGetValue(concrete.GetString() ?? "", out var actual))
            type = actual;
        var selected = new Dictionary<string, (GraphQLField Node, List<GraphQLSelectionSet> Sets)>(StringComparer.Ordinal);
        Collect(sets, type, fragments, selected);
        foreach (var (key, (node, subsets)) in selected)
        {
            var name = node.Name.StringValue;
            if (!value.TryGetProperty(key, out var item)) { problems.Add($"{at}.{key}: selected but missing"); continue; }
            if (name == "__typename") continue;
            if (type.Fields.TryGetValue(name, out var field)) CheckJson(item, field.Type, subsets, $"{at}.{key}", fragments, problems);
            else problems.Add($"{at}.{key}: not a field of {type.Name}");
        }
        foreach (var property in value.EnumerateObject().Where(p => !selected.ContainsKey(p.Name)))
            problems.Add($"{at}.{property.Name}: answered but not selected");
    }

    /// <summary>The fields a selection asks of <paramref name="type"/>, merged by response key (GraphQL spec §6.3.2 CollectFields).</summary>
    private void Collect(IEnumerable<GraphQLSelectionSet> sets, TypeDef type, Dictionary<string, GraphQLFragmentDefinition> fragments,
        Dictionary<string, (GraphQLField Node, List<GraphQLSelectionSet> Sets)> into)
    {
        foreach (var selection in sets.SelectMany(s => s.Selections))
        {
            switch (selection)
            {
                case GraphQLField field:
                    var key = field.Alias?.Name.StringValue ?? field.Name.StringValue;
                    if (!into.TryGetValue(key, out var entry)) into[key] = entry = (field, []);
                    if (field.SelectionSet is not null) entry.Sets.Add(field.SelectionSet);
                    break;
                case GraphQLInlineFragment inline when Applies(inline.TypeCondition, type):
                    Collect([inline.SelectionSet], type, fragments, into);
                    break;
                case GraphQLFragmentSpread spread when fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment) && Applies(fragment.TypeCondition, type):
                    Collect([fragment.SelectionSet], type, fragments, into);
                    break;
            }
        }
    }

    private bool Applies(GraphQLTypeCondition? condition, TypeDef type) =>
        condition is null || condition.Type.Name.StringValue == type.Name
        || (_types.TryGetValue(condition.Type.Name.StringValue, out var abstractType) && abstractType.PossibleTypes.Contains(type.Name));

    private void CheckJson(JsonElement value, TypeRef type, List<GraphQLSelectionSet> sets, string at,
        Dictionary<string, GraphQLFragmentDefinition> fragments, List<string> problems)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (type.Kind == "NON_NULL") problems.Add($"{at}: null where {type} is declared");
            return;
        }
        if (type.Kind == "NON_NULL") { CheckJson(value, type.OfType!, sets, at, fragments, problems); return; }
        if (type.Kind == "LIST")
        {
            if (value.ValueKind != JsonValueKind.Array) { problems.Add($"{at}: {value.ValueKind} where {type} is declared"); return; }
            var index = 0;
            foreach (var item in value.EnumerateArray()) CheckJson(item, type.OfType!, sets, $"{at}[{index++}]", fragments, problems);
            return;
        }
        var named = _types[type.Name!];
        if (named.Kind == "ENUM")
        {
            if (value.ValueKind != JsonValueKind.String || !named.EnumValues.Contains(value.GetString()!)) problems.Add($"{at}: {value} is not a value of enum {named.Name}");
        }
        else if (named.Kind == "SCALAR")
        {
            if (ScalarProblem(value, named.Name) is { } problem) problems.Add($"{at}: {problem}");
        }
        else CheckObject(value, sets, named, at, fragments, problems);
    }

    private void CheckVariables(JsonElement values, Dictionary<string, GraphQLVariableDefinition> declared, List<string> problems)
    {
        foreach (var property in values.EnumerateObject().Where(p => !declared.ContainsKey(p.Name)))
            problems.Add($"variables.{property.Name}: sent but not declared by the document");
        foreach (var (name, definition) in declared)
        {
            var type = ToRef(definition.Type);
            if (values.TryGetProperty(name, out var value)) CheckInputJson(value, type, $"variables.{name}", problems);
            else if (type.Kind == "NON_NULL" && definition.DefaultValue is null) problems.Add($"variables.{name}: {type} is required but not sent");
        }
    }

    /// <summary>A variable's JSON value against its input type (GraphQL spec §3.5 input coercion).</summary>
    private void CheckInputJson(JsonElement value, TypeRef type, string at, List<string> problems)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (type.Kind == "NON_NULL") problems.Add($"{at}: null where {type} is declared");
            return;
        }
        if (type.Kind == "NON_NULL") { CheckInputJson(value, type.OfType!, at, problems); return; }
        if (type.Kind == "LIST")
        {
            foreach (var item in value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value]) CheckInputJson(item, type.OfType!, at, problems);
            return;
        }
        if (!_types.TryGetValue(type.Name!, out var named)) { problems.Add($"{at}: type {type.Name} is not declared"); return; }
        if (named.Kind == "INPUT_OBJECT")
        {
            if (value.ValueKind != JsonValueKind.Object) { problems.Add($"{at}: {value.ValueKind} where {named.Name} is declared"); return; }
            foreach (var property in value.EnumerateObject())
            {
                if (named.InputFields.TryGetValue(property.Name, out var field)) CheckInputJson(property.Value, field.Type, $"{at}.{property.Name}", problems);
                else problems.Add($"{at}.{property.Name}: not a field of {named.Name}");
            }
        }
        else if (named.Kind == "ENUM" && (value.ValueKind != JsonValueKind.String || !named.EnumValues.Contains(value.GetString()!)))
            problems.Add($"{at}: {value} is not a value of enum {named.Name}");
        else if (named.Kind == "SCALAR" && ScalarProblem(value, named.Name) is { } problem) problems.Add($"{at}: {problem}");
    }

    /// <summary>
    /// Why <paramref name="value"/> is not a <paramref name="scalar"/> as JSON; null when it is. The built-in scalars as the
    /// GraphQL spec serializes them (§3.5); Shopify's own as their descriptions in the same schema say. A scalar not listed
    /// here is a problem, so a new one cannot pass unread.
    /// </summary>
    private static string? ScalarProblem(JsonElement value, string scalar)
    {
        var kind = value.ValueKind;
        var text = kind == JsonValueKind.String ? value.GetString()! : null;
        bool ok = scalar switch
        {
            "Int" => kind == JsonValueKind.Number && value.TryGetInt32(out _),
            "Float" => kind == JsonValueKind.Number,
            "Boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "ID" => text is not null || (kind == JsonValueKind.Number && value.TryGetInt64(out _)),
            "String" or "URL" or "HTML" or "FormattedString" or "Color" or "ARN" or "StorefrontID" => text is not null,
            "DateTime" => text is not null && IsoDateTime().IsMatch(text),
            "Date" => text is not null && IsoDate().IsMatch(text),
            "UtcOffset" => text is not null && UtcOffset().IsMatch(text),
            "Money" or "Decimal" => text is not null && DecimalString().IsMatch(text),
            "UnsignedInt64" => text is not null && UnsignedDigits().IsMatch(text),
            "BigInt" => text is not null && SignedDigits().IsMatch(text),
            "JSON" => true,
            _ => throw new NotSupportedException($"scalar {scalar}: its JSON form is not one this checker knows; add it with its source"),
        };
        return ok ? null : $"{(text is null ? value.ValueKind.ToString() : $"\"{text}\"")} is not a {scalar}";
    }

    private static TypeRef ToRef(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => new("NON_NULL", null, ToRef(nonNull.Type)),
        GraphQLListType list => new("LIST", null, ToRef(list.Type)),
        _ => new("NAMED", ((GraphQLNamedType)type).Name.StringValue, null),
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex IsoDateTime();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^[+-]\d{2}:\d{2}$")]
    private static partial Regex UtcOffset();

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex DecimalString();

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex UnsignedDigits();

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex SignedDigits();
}
