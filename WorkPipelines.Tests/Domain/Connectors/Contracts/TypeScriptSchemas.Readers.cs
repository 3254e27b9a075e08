using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using static WorkPipelines.Tests.Domain.Connectors.Contracts.TypeScriptType;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>The types a connector deserializes into against the declared ones: it must read nothing the provider does not send.</summary>
public sealed partial class TypeScriptSchemas
{
    /// <summary>
    /// Where the type a connector deserializes into reads what <paramref name="schema"/> does not declare, or reads it as
    /// another kind: one line per problem. Properties are named by their <see cref="JsonPropertyNameAttribute"/>, else by
    /// <paramref name="naming"/> (the connector's serializer policy); nested records are checked against the declared type.
    /// </summary>
    public List<string> CheckReader(Type reader, string schema, JsonNamingPolicy naming)
    {
        List<string> problems = [];
        var declaration = Find(_prefix + schema, null) ?? throw new KeyNotFoundException($"{Source} declares no {_prefix}{schema}");
        CheckReader(reader, declaration, naming, problems, []);
        return problems;
    }

    private void CheckReader(Type reader, Declaration declaration, JsonNamingPolicy naming, List<string> problems, HashSet<Type> seen)
    {
        if (!seen.Add(reader)) return;
        var fields = AllMembers(declaration);
        foreach (var property in reader.GetProperties())
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? naming.ConvertName(property.Name);
            var at = $"{reader.Name}.{property.Name} ('{name}')";
            if (!fields.TryGetValue(name, out var declared)) { problems.Add($"{at}: not a field of {declaration.Name}"); continue; }
            CheckReadKind(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, declared.Type, declaration.Scope, at, naming, problems, seen);
        }
    }

    private void CheckReadKind(Type read, TypeScriptType declared, Scope scope, string at, JsonNamingPolicy naming, List<string> problems, HashSet<Type> seen)
    {
        if (declared is Union union)
        {
            var kinds = union.Alternatives.Where(a => !IsNull(a)).ToList();
            if (kinds.Count == 1) CheckReadKind(read, kinds[0], scope, at, naming, problems, seen);
            else if (!kinds.Any(kind => { List<string> found = []; CheckReadKind(read, kind, scope, at, naming, found, [.. seen]); return found.Count == 0; }))
                problems.Add($"{at}: read as {read.Name} where {declared} is declared");
            return;
        }
        if (declared is Reference { Name: "any" or "unknown" } || read == typeof(JsonElement)) return;
        var element = read.IsArray ? read.GetElementType() : read.IsGenericType && read.GetGenericTypeDefinition() == typeof(List<>) ? read.GetGenericArguments()[0] : null;
        if (element is not null || declared is ArrayOf)
        {
            if (element is null || declared is not ArrayOf array) problems.Add($"{at}: read as {read.Name} where {declared} is declared");
            else CheckReadKind(Nullable.GetUnderlyingType(element) ?? element, array.Item, scope, at, naming, problems, seen);
            return;
        }
        var isObject = read.IsClass && read != typeof(string);
        var fits = declared switch
        {
            Literal or Reference { Name: "string" } => read == typeof(string) || read == typeof(DateTimeOffset) || read == typeof(DateOnly),
            Reference { Name: "number" } => read == typeof(long) || read == typeof(int) || read == typeof(double) || read == typeof(decimal),
            Reference { Name: "boolean" } => read == typeof(bool),
            _ => isObject,
        };
        if (!fits) { problems.Add($"{at}: read as {read.Name} where {declared} is declared"); return; }
        if (declared is not Reference { Name: not ("string" or "number" or "boolean" or "Record") } reference) return;
        if (Resolve(reference.Name, scope) is not { } declaration) problems.Add($"{read.Name}: declared type {reference.Name} is not one this reader knows");
        else if (declaration.Alias is { } alias) CheckReadKind(read, alias, declaration.Scope, at, naming, problems, seen);
        else CheckReader(read, declaration, naming, problems, seen);
    }
}
