using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace WorkPipelines.Tests.Contracts;

/// <summary>
/// The request and response types of an API as a provider's own generated TypeScript client declares them
/// (<c>export interface Schema$RunReportRequest { dateRanges?: Schema$DateRange[]; … }</c>, Google's generator for
/// its discovery documents), or as we wrote them down in the same form from a provider's reference where it publishes
/// nothing machine-readable under a licence we may use (<c>Contracts/documented/</c>, each citing its pages). Checks
/// JSON against them (every property must be declared, with a value of the declared kind) and the types a connector
/// reads into (every property it reads must be declared, of a kind it can hold). Only what the generator writes is
/// understood; anything else fails loudly rather than passing.
/// </summary>
public sealed partial class TypeScriptSchemas
{
    private readonly Dictionary<string, Dictionary<string, string>> _interfaces;

    private readonly bool _numbersAsStrings;

    private TypeScriptSchemas(Dictionary<string, Dictionary<string, string>> interfaces, string source, bool numbersAsStrings) =>
        (_interfaces, Source, _numbersAsStrings) = (interfaces, source, numbersAsStrings);

    /// <summary>The file read, for messages.</summary>
    public string Source { get; }

    public IReadOnlyCollection<string> Names => _interfaces.Keys;

    /// <param name="numbersAsStrings">Accept a JSON number where string is declared: Google's generator declares int64 fields
    /// as string and proto3 JSON sends either. Off for descriptions that mean string when they say so (Meta's "spend": "12.50").</param>
    public static TypeScriptSchemas Load(string path, bool numbersAsStrings = true)
    {
        var text = File.ReadAllText(path);
        var interfaces = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (Match block in Interface().Matches(text))
        {
            var fields = Field().Matches(block.Groups["body"].Value).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["type"].Value.Trim(), StringComparer.Ordinal);
            interfaces[block.Groups["name"].Value] = fields;
        }
        if (interfaces.Count == 0) throw new InvalidDataException($"{path} declares no Schema$ interfaces: not a generated client this reader knows");
        return new TypeScriptSchemas(interfaces, path, numbersAsStrings);
    }

    /// <summary>The declared properties of <paramref name="schema"/> (e.g. "RunReportResponse").</summary>
    public IReadOnlyDictionary<string, string> Fields(string schema) =>
        _interfaces.TryGetValue("Schema$" + schema, out var fields) ? fields : throw new KeyNotFoundException($"{Source} declares no Schema${schema}");

    /// <summary>Where <paramref name="json"/> breaks <paramref name="schema"/>: one line per problem, none when it conforms.</summary>
    public List<string> Check(JsonElement json, string schema)
    {
        List<string> problems = [];
        CheckValue(json, "Schema$" + schema, "$", problems);
        return problems;
    }

    /// <summary>
    /// Where the type a connector deserializes into reads what <paramref name="schema"/> does not declare, or reads it as
    /// another kind: one line per problem. Properties are named by their <see cref="JsonPropertyNameAttribute"/>, else by
    /// <paramref name="naming"/> (the connector's serializer policy); nested records are checked against the declared type.
    /// </summary>
    public List<string> CheckReader(Type reader, string schema, JsonNamingPolicy naming)
    {
        List<string> problems = [];
        CheckReader(reader, "Schema$" + schema, naming, problems, []);
        return problems;
    }

    private void CheckReader(Type reader, string type, JsonNamingPolicy naming, List<string> problems, HashSet<Type> seen)
    {
        if (!seen.Add(reader)) return;
        if (!_interfaces.TryGetValue(type, out var fields)) { problems.Add($"{reader.Name}: declared type {type} is not one this reader knows"); return; }
        foreach (var property in reader.GetProperties())
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? naming.ConvertName(property.Name);
            var at = $"{reader.Name}.{property.Name} ('{name}')";
            if (!fields.TryGetValue(name, out var declared)) { problems.Add($"{at}: not a field of {type}"); continue; }
            CheckReadKind(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, declared, at, naming, problems, seen);
        }
    }

    private void CheckReadKind(Type read, string declared, string at, JsonNamingPolicy naming, List<string> problems, HashSet<Type> seen)
    {
        var kinds = declared.Split('|', StringSplitOptions.TrimEntries).Where(a => a != "null").ToList();
        if (kinds.Count > 1)
        {
            if (!kinds.Any(kind => { List<string> found = []; CheckReadKind(read, kind, at, naming, found, [.. seen]); return found.Count == 0; }))
                problems.Add($"{at}: read as {read.Name} where {declared} is declared");
            return;
        }
        declared = kinds.Single();
        if (declared == "any" || read == typeof(JsonElement)) return;
        var element = read.IsArray ? read.GetElementType() : read.IsGenericType && read.GetGenericTypeDefinition() == typeof(List<>) ? read.GetGenericArguments()[0] : null;
        if (element is not null || declared.EndsWith("[]", StringComparison.Ordinal))
        {
            if (element is null || !declared.EndsWith("[]", StringComparison.Ordinal)) problems.Add($"{at}: read as {read.Name} where {declared} is declared");
            else CheckReadKind(Nullable.GetUnderlyingType(element) ?? element, declared[..^2], at, naming, problems, seen);
            return;
        }
        var fits = declared switch
        {
            "string" => read == typeof(string) || read == typeof(DateTimeOffset) || read == typeof(DateOnly),
            "number" => read == typeof(long) || read == typeof(int) || read == typeof(double) || read == typeof(decimal),
            "boolean" => read == typeof(bool),
            _ => read.IsClass && read != typeof(string),
        };
        if (!fits) problems.Add($"{at}: read as {read.Name} where {declared} is declared");
        else if (declared.StartsWith("Schema$", StringComparison.Ordinal)) CheckReader(read, declared, naming, problems, seen);
    }

    private void CheckValue(JsonElement value, string type, string at, List<string> problems)
    {
        // "string | null" and the like: null is allowed where the generator says so.
        var alternatives = type.Split('|', StringSplitOptions.TrimEntries);
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!alternatives.Contains("null")) problems.Add($"{at}: null where {type} is declared");
            return;
        }
        var declaredKinds = alternatives.Where(a => a != "null").ToList();
        if (declaredKinds.Count > 1)
        {
            // "string | number": the value must be one of them.
            if (!declaredKinds.Any(kind => { List<string> found = []; CheckValue(value, kind, at, found); return found.Count == 0; }))
                problems.Add($"{at}: {value.ValueKind} where {type} is declared");
            return;
        }
        var declared = declaredKinds.Single();
        if (declared.EndsWith("[]", StringComparison.Ordinal))
        {
            if (value.ValueKind != JsonValueKind.Array) { problems.Add($"{at}: {value.ValueKind} where {declared} is declared"); return; }
            var index = 0;
            foreach (var item in value.EnumerateArray()) CheckValue(item, declared[..^2], $"{at}[{index++}]", problems);
            return;
        }
        switch (declared)
        {
            case "any":
                return;
            case "string":
                if (value.ValueKind != JsonValueKind.String && !(_numbersAsStrings && value.ValueKind == JsonValueKind.Number))
                    problems.Add($"{at}: {value.ValueKind} where string is declared");
                return;
            case "number":
                if (value.ValueKind != JsonValueKind.Number) problems.Add($"{at}: {value.ValueKind} where number is declared");
                return;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) problems.Add($"{at}: {value.ValueKind} where boolean is declared");
                return;
        }
        if (declared.StartsWith("{[key: string]:", StringComparison.Ordinal))
        {
            if (value.ValueKind != JsonValueKind.Object) problems.Add($"{at}: {value.ValueKind} where a map is declared");
            return;
        }
        if (!_interfaces.TryGetValue(declared, out var fields)) { problems.Add($"{at}: declared type {declared} is not one this reader knows"); return; }
        if (value.ValueKind != JsonValueKind.Object) { problems.Add($"{at}: {value.ValueKind} where {declared} is declared"); return; }
        foreach (var property in value.EnumerateObject())
        {
            if (fields.TryGetValue(property.Name, out var fieldType)) CheckValue(property.Value, fieldType, $"{at}.{property.Name}", problems);
            else problems.Add($"{at}.{property.Name}: not a field of {declared}");
        }
    }

    [GeneratedRegex(@"export interface (?<name>Schema\$\w+) \{(?<body>.*?)\n  \}", RegexOptions.Singleline)]
    private static partial Regex Interface();

    [GeneratedRegex(@"^\s{4}(?<name>[A-Za-z_$][\w$]*)\??: (?<type>[^;\n]+);$", RegexOptions.Multiline)]
    private static partial Regex Field();
}
