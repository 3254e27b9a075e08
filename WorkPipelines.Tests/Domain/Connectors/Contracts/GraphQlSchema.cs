using System.IO.Compression;
using System.Text.Json;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>
/// A GraphQL API as its provider's introspection result describes it (<c>{"data":{"__schema":{"types":[…]}}}</c>, the
/// standard introspection query's answer), and checks of documents against it: every field, argument, literal and
/// variable must be declared with a compatible type, and no field may be deprecated (a deprecated field is the next
/// version's removed one). Documents are parsed by GraphQL-Parser; only the schema lookup is ours.
/// </summary>
public sealed partial class GraphQlSchema
{
    public sealed record TypeRef(string Kind, string? Name, TypeRef? OfType)
    {
        public string Named => Name ?? OfType!.Named;

        public override string ToString() => Kind switch { "NON_NULL" => $"{OfType}!", "LIST" => $"[{OfType}]", _ => Name! };
    }

    public sealed record InputValue(TypeRef Type, string? DefaultValue);

    public sealed record Field(string Name, TypeRef Type, IReadOnlyDictionary<string, InputValue> Args, string? Deprecation);

    public sealed record TypeDef(string Kind, string Name, IReadOnlyDictionary<string, Field> Fields, IReadOnlyDictionary<string, InputValue> InputFields,
        IReadOnlySet<string> EnumValues, IReadOnlySet<string> PossibleTypes)
    {
        public bool IsLeaf => Kind is "SCALAR" or "ENUM";
    }

    private readonly Dictionary<string, TypeDef> _types;
    private readonly string _queryType;

    private GraphQlSchema(Dictionary<string, TypeDef> types, string queryType) => (_types, _queryType) = (types, queryType);

    public TypeDef Type(string name) => _types[name];

    /// <summary>Reads an introspection result, gzipped when the file name ends in <c>.gz</c>.</summary>
    public static GraphQlSchema Load(string path)
    {
        using var file = File.OpenRead(path);
        using Stream json = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var document = JsonDocument.Parse(json);
        var schema = document.RootElement.GetProperty("data").GetProperty("__schema");
        var types = schema.GetProperty("types").EnumerateArray().Select(ReadType).ToDictionary(t => t.Name, StringComparer.Ordinal);
        return new GraphQlSchema(types, schema.GetProperty("queryType").GetProperty("name").GetString()!);
    }

    /// <summary>Where <paramref name="document"/> (with <paramref name="variables"/>, if sent) breaks the schema: one line per problem.</summary>
    public List<string> Check(string document, JsonElement? variables = null)
    {
        List<string> problems = [];
        if (Parse(document, problems) is not { } parsed) return problems;
        var fragments = parsed.Definitions.OfType<GraphQLFragmentDefinition>().ToDictionary(f => f.FragmentName.Name.StringValue);
        foreach (var operation in parsed.Definitions.OfType<GraphQLOperationDefinition>())
        {
            if (operation.Operation != OperationType.Query) { problems.Add($"{operation.Operation}: only queries are checked"); continue; }
            var declared = (operation.Variables?.Items ?? []).ToDictionary(v => v.Variable.Name.StringValue);
            foreach (var (name, definition) in declared)
            {
                var type = Describe(definition.Type);
                if (!_types.TryGetValue(NamedOf(definition.Type), out var named)) problems.Add($"${name}: type {type} is not declared");
                else if (named.Kind is not ("SCALAR" or "ENUM" or "INPUT_OBJECT")) problems.Add($"${name}: {type} is not an input type");
            }
            var scope = new Scope(declared, [], fragments, problems);
            CheckSelection(operation.SelectionSet, _types[_queryType], "query", scope);
            problems.AddRange(declared.Keys.Except(scope.Used).Select(v => $"${v}: declared but not used"));
            if (variables is { ValueKind: JsonValueKind.Object } values) CheckVariables(values, declared, problems);
        }
        return problems;
    }

    private sealed record Scope(Dictionary<string, GraphQLVariableDefinition> Variables, HashSet<string> Used,
        Dictionary<string, GraphQLFragmentDefinition> Fragments, List<string> Problems);

    private void CheckSelection(GraphQLSelectionSet set, TypeDef parent, string at, Scope scope)
    {
        foreach (var selection in set.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    CheckField(field, parent, at, scope);
                    break;
                case GraphQLInlineFragment inline:
                    CheckSelection(inline.SelectionSet, Condition(inline.TypeCondition, parent, at, scope), at, scope);
                    break;
                case GraphQLFragmentSpread spread when scope.Fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment):
                    CheckSelection(fragment.SelectionSet, Condition(fragment.TypeCondition, parent, at, scope), at, scope);
                    break;
                case GraphQLFragmentSpread spread:
                    scope.Problems.Add($"{at}: fragment {spread.FragmentName.Name.StringValue} is not defined");
                    break;
            }
        }
    }

    private TypeDef Condition(GraphQLTypeCondition? condition, TypeDef parent, string at, Scope scope)
    {
        if (condition is null) return parent;
        var name = condition.Type.Name.StringValue;
        if (_types.TryGetValue(name, out var type) && !type.IsLeaf) return type;
        scope.Problems.Add($"{at}: ... on {name}: not a declared object, interface or union");
        return parent;
    }

    private void CheckField(GraphQLField node, TypeDef parent, string at, Scope scope)
    {
        var name = node.Name.StringValue;
        var here = $"{at}.{name}";
        if (name == "__typename") return;
        if (!parent.Fields.TryGetValue(name, out var field)) { scope.Problems.Add($"{here}: not a field of {parent.Name}"); return; }
        if (field.Deprecation is { } reason) scope.Problems.Add($"{here}: deprecated on {parent.Name} ({reason.ReplaceLineEndings(" ")})");

        var given = (node.Arguments?.Items ?? []).ToDictionary(a => a.Name.StringValue, a => a.Value);
        foreach (var (argument, value) in given)
        {
            if (field.Args.TryGetValue(argument, out var declared)) CheckLiteral(value, declared.Type, $"{here}({argument}:)", scope);
            else scope.Problems.Add($"{here}({argument}:): not an argument of {parent.Name}.{name}");
        }
        foreach (var (argument, declared) in field.Args)
            if (declared.Type.Kind == "NON_NULL" && declared.DefaultValue is null && !given.ContainsKey(argument))
                scope.Problems.Add($"{here}: required argument {argument}: {declared.Type} is missing");

        var type = _types[field.Type.Named];
        if (type.IsLeaf && node.SelectionSet is not null) scope.Problems.Add($"{here}: {type.Name} is a {type.Kind.ToLowerInvariant()} and takes no selection");
        else if (!type.IsLeaf && node.SelectionSet is null) scope.Problems.Add($"{here}: {type.Name} needs a selection of its fields");
        else if (node.SelectionSet is not null) CheckSelection(node.SelectionSet, type, here, scope);
    }

    /// <summary>A literal or variable where <paramref name="type"/> is declared (GraphQL spec §5.6 Values, §5.8.5 variable usages).</summary>
    private void CheckLiteral(GraphQLValue value, TypeRef type, string at, Scope scope)
    {
        if (value is GraphQLVariable variable)
        {
            var name = variable.Name.StringValue;
            scope.Used.Add(name);
            if (!scope.Variables.TryGetValue(name, out var definition)) { scope.Problems.Add($"{at}: ${name} is not declared"); return; }
            var declared = Describe(definition.Type);
            // A variable fits when its type is the argument's, or the argument's made non-null; a nullable variable may
            // feed a non-null argument only through a default value.
            var fits = declared == type.ToString() || declared == $"{type}!"
                       || (type.Kind == "NON_NULL" && definition.DefaultValue is not null && declared == type.OfType!.ToString());
            if (!fits) scope.Problems.Add($"{at}: ${name} is {declared} where {type} is declared");
            return;
        }
        if (value is GraphQLNullValue)
        {
            if (type.Kind == "NON_NULL") scope.Problems.Add($"{at}: null where {type} is declared");
            return;
        }
        if (type.Kind == "NON_NULL") { CheckLiteral(value, type.OfType!, at, scope); return; }
        if (type.Kind == "LIST")
        {
            foreach (var item in value is GraphQLListValue list ? list.Values ?? [] : [value]) CheckLiteral(item, type.OfType!, at, scope);
            return;
        }
        var named = _types[type.Name!];
        if (value is GraphQLEnumValue symbol && named.Kind == "ENUM" && !named.EnumValues.Contains(symbol.Name.StringValue))
        {
            scope.Problems.Add($"{at}: {symbol.Name.StringValue} is not a value of enum {named.Name}");
            return;
        }
        var ok = (named.Kind, named.Name, value) switch
        {
            ("ENUM", _, GraphQLEnumValue) => true,
            ("INPUT_OBJECT", _, GraphQLObjectValue o) => CheckInputObject(o, named, at, scope),
            ("SCALAR", "Int", GraphQLIntValue) => true,
            ("SCALAR", "Float", GraphQLIntValue or GraphQLFloatValue) => true,
            ("SCALAR", "Boolean", GraphQLBooleanValue) => true,
            ("SCALAR", "ID", GraphQLStringValue or GraphQLIntValue) => true,
            ("SCALAR", not ("Int" or "Float" or "Boolean"), GraphQLStringValue) => true,
            _ => false,
        };
        if (!ok) scope.Problems.Add($"{at}: {value.Kind} where {type} is declared");
    }

    private bool CheckInputObject(GraphQLObjectValue value, TypeDef type, string at, Scope scope)
    {
        foreach (var field in value.Fields ?? [])
        {
            if (type.InputFields.TryGetValue(field.Name.StringValue, out var declared)) CheckLiteral(field.Value, declared.Type, $"{at}.{field.Name.StringValue}", scope);
            else scope.Problems.Add($"{at}.{field.Name.StringValue}: not a field of {type.Name}");
        }
        return true;
    }

    private static GraphQLDocument? Parse(string document, List<string> problems)
    {
        try
        {
            return Parser.Parse(document);
        }
        catch (GraphQLParserException ex)
        {
            problems.Add($"not a GraphQL document: {ex.Message}");
            return null;
        }
    }

    private static string Describe(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => Describe(nonNull.Type) + "!",
        GraphQLListType list => $"[{Describe(list.Type)}]",
        GraphQLNamedType named => named.Name.StringValue,
        _ => throw new NotSupportedException(type.Kind.ToString()),
    };

    private static string NamedOf(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => NamedOf(nonNull.Type),
        GraphQLListType list => NamedOf(list.Type),
        _ => ((GraphQLNamedType)type).Name.StringValue,
    };

    private static TypeDef ReadType(JsonElement type)
    {
        static IEnumerable<JsonElement> Items(JsonElement owner, string name) =>
            owner.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : [];
        static Dictionary<string, InputValue> Inputs(JsonElement owner, string name) =>
            Items(owner, name).ToDictionary(a => a.GetProperty("name").GetString()!,
                a => new InputValue(ReadRef(a.GetProperty("type")), a.GetProperty("defaultValue").GetString()), StringComparer.Ordinal);
        var fields = Items(type, "fields").Select(f => new Field(f.GetProperty("name").GetString()!, ReadRef(f.GetProperty("type")), Inputs(f, "args"),
                f.GetProperty("isDeprecated").GetBoolean() ? f.GetProperty("deprecationReason").GetString() ?? "deprecated" : null))
            .ToDictionary(f => f.Name, StringComparer.Ordinal);
        return new TypeDef(type.GetProperty("kind").GetString()!, type.GetProperty("name").GetString()!, fields, Inputs(type, "inputFields"),
            Items(type, "enumValues").Select(e => e.GetProperty("name").GetString()!).ToHashSet(StringComparer.Ordinal),
            Items(type, "possibleTypes").Select(e => e.GetProperty("name").GetString()!).ToHashSet(StringComparer.Ordinal));
    }

    private static TypeRef ReadRef(JsonElement type) => new(type.GetProperty("kind").GetString()!,
        type.GetProperty("name").GetString(), type.GetProperty("ofType") is { ValueKind: JsonValueKind.Object } inner ? ReadRef(inner) : null);
}
