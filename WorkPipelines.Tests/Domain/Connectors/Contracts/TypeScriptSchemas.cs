using System.Text.Json;
using System.Text.RegularExpressions;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>
/// The request and response types of an API as a provider's own generated TypeScript declares them, and a check of JSON
/// against them: every property must be declared, with a value of the declared kind. Two generators are read: Google's
/// for its discovery documents (<c>export interface Schema$RunReportRequest { dateRanges?: Schema$DateRange[]; … }</c>,
/// <see cref="Load"/>), also the form we write a provider's reference down in where it publishes nothing
/// machine-readable under a licence we may use (<c>Contracts/documented/</c>, each citing its pages), and Stripe's for
/// its OpenAPI spec (<c>.d.ts</c> files with namespaces, imports and generics, <see cref="LoadDeclarations"/>). The types
/// a connector reads into are checked too (<see cref="CheckReader"/>). Only what the generators write is understood;
/// anything else fails loudly.
/// </summary>
public sealed partial class TypeScriptSchemas
{
    /// <summary>Where a declaration's type names are looked up: its file and the namespaces it sits in.</summary>
    public sealed record Scope(string File, IReadOnlyList<string> Namespaces);

    /// <summary>A field of an interface; optional fields (<c>tiers?:</c>) are the ones an API may leave out.</summary>
    public sealed record Member(TypeScriptType Type, bool Optional);

    /// <summary>An interface or a type alias (<paramref name="Alias"/> set) with its generic parameters and bases.</summary>
    public sealed record Declaration(string Name, Scope Scope, IReadOnlyList<string> Parameters, IReadOnlyDictionary<string, Member> Fields,
        TypeScriptType? Index, IReadOnlyList<TypeScriptType> Bases, TypeScriptType? Alias);

    private readonly Dictionary<string, Declaration> _declarations;
    private readonly Dictionary<string, Dictionary<string, string>> _imports;
    private readonly string _prefix;
    private readonly bool _numbersAsStrings;

    private TypeScriptSchemas(Dictionary<string, Declaration> declarations, Dictionary<string, Dictionary<string, string>> imports, string source,
        string prefix, bool numbersAsStrings) =>
        (_declarations, _imports, Source, _prefix, _numbersAsStrings) = (declarations, imports, source, prefix, numbersAsStrings);

    /// <summary>The file or folder read, for messages.</summary>
    public string Source { get; }

    /// <summary>Google's generated client, or a description written down in its form: one file.</summary>
    /// <param name="numbersAsStrings">Accept a JSON number where string is declared: Google's generator declares int64 fields
    /// as string and proto3 JSON sends either. Off for descriptions that mean string when they say so (Meta's "spend": "12.50").</param>
    public static TypeScriptSchemas Load(string path, bool numbersAsStrings = true)
    {
        var text = File.ReadAllText(path);
        var scope = new Scope(path, []);
        var declarations = new Dictionary<string, Declaration>(StringComparer.Ordinal);
        foreach (Match block in Interface().Matches(text))
        {
            var fields = Field().Matches(block.Groups["body"].Value).ToDictionary(m => m.Groups["name"].Value,
                m => new Member(TypeScriptType.Parse(m.Groups["type"].Value.Trim()), m.Groups["optional"].Success), StringComparer.Ordinal);
            declarations[Key(path, block.Groups["name"].Value)] = new(block.Groups["name"].Value, scope, [], fields, null, [], null);
        }
        if (declarations.Count == 0) throw new InvalidDataException($"{path} declares no Schema$ interfaces: not a generated client this reader knows");
        return new TypeScriptSchemas(declarations, [], path, "Schema$", numbersAsStrings);
    }

    /// <summary>The declared properties of <paramref name="schema"/> (e.g. "RunReportResponse", or "Charge" in Stripe's <c>resources/Charges.d.ts</c>).</summary>
    public IReadOnlyDictionary<string, string> Fields(string schema, string? file = null) =>
        Members(schema, file).ToDictionary(f => f.Key, f => f.Value.Type.Text, StringComparer.Ordinal);

    /// <summary>The declared members of <paramref name="schema"/>, its bases' included.</summary>
    public IReadOnlyDictionary<string, Member> Members(string schema, string? file = null)
    {
        var declaration = Find(_prefix + schema, file) ?? throw new KeyNotFoundException($"{Source} declares no {_prefix}{schema}");
        return AllMembers(declaration);
    }

    /// <summary>Where <paramref name="json"/> breaks <paramref name="schema"/>: one line per problem, none when it conforms.</summary>
    public List<string> Check(JsonElement json, string schema, string? file = null)
    {
        List<string> problems = [];
        var declaration = Find(_prefix + schema, file) ?? throw new KeyNotFoundException($"{Source} declares no {_prefix}{schema}");
        CheckValue(json, new TypeScriptType.Reference(declaration.Name, declaration.Name, []), declaration.Scope, Bindings.None, "$", problems);
        return problems;
    }

    /// <summary>Checks against a type as its generator writes it (e.g. a method's <c>ChargeListParams</c>), names looked up from <paramref name="scope"/>.</summary>
    public List<string> Check(JsonElement json, TypeScriptType type, Scope scope)
    {
        List<string> problems = [];
        CheckValue(json, type, scope, Bindings.None, "$", problems);
        return problems;
    }

    /// <summary>What a generic parameter stands for where it is used.</summary>
    private sealed record Bindings(IReadOnlyDictionary<string, (TypeScriptType Type, Scope Scope, Bindings Outer)> Map)
    {
        public static readonly Bindings None = new(new Dictionary<string, (TypeScriptType, Scope, Bindings)>());
    }

    private Declaration? Find(string name, string? file) => file is null
        ? _declarations.Values.SingleOrDefault(d => d.Name == name && d.Scope.Namespaces.Count == 0)
        : Resolve(name, new Scope(file, []));

    private IReadOnlyDictionary<string, Member> AllMembers(Declaration declaration)
    {
        var members = new Dictionary<string, Member>(declaration.Fields, StringComparer.Ordinal);
        foreach (var baseType in declaration.Bases)
            if (baseType is TypeScriptType.Reference reference && Resolve(reference.Name, declaration.Scope) is { } parent)
                foreach (var (name, member) in AllMembers(parent)) members.TryAdd(name, member);
        return members;
    }

    private static string Key(string file, string qualifiedName) => file + "#" + qualifiedName;

    [GeneratedRegex(@"export interface (?<name>Schema\$\w+) \{(?<body>.*?)\n  \}", RegexOptions.Singleline)]
    private static partial Regex Interface();

    [GeneratedRegex(@"^\s{4}(?<name>[A-Za-z_$][\w$]*)(?<optional>\?)?: (?<type>[^;\n]+);$", RegexOptions.Multiline)]
    private static partial Regex Field();
}
