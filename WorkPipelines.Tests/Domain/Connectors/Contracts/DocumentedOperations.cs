using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>A call as a provider's reference documents it: method, path, and the declared types of its parameters and answer.</summary>
/// <param name="Path">The documented path, matched against the request's path under the provider's root.</param>
/// <param name="Parameters">The declared type of its query parameters (an interface with none takes none).</param>
/// <param name="Response">The declared type of its successful answer.</param>
public sealed record DocumentedOperation(string Method, Regex Path, string Parameters, string Response);

/// <summary>Checks recorded sandbox exchanges against documented operations and the types they declare.</summary>
public static class DocumentedOperations
{
    /// <summary>Where one exchange breaks the documented operations: an undocumented call, a parameter or an answer field.</summary>
    public static List<string> Check(TypeScriptSchemas schemas, IEnumerable<DocumentedOperation> operations, SandboxExchange exchange, string root)
    {
        var path = exchange.Path[root.Length..];
        if (operations.FirstOrDefault(o => o.Method == exchange.Method && o.Path.IsMatch(path)) is not { } operation)
            return [$"{exchange.Method} {path}: not a documented operation"];
        var problems = schemas.Check(QueryJson(exchange.Query), operation.Parameters).Select(p => $"{exchange.Method} {path} query {p}").ToList();
        if (exchange.Status == 200)
            problems.AddRange(schemas.Check(JsonDocument.Parse(exchange.ResponseBody).RootElement, operation.Response).Select(p => $"{exchange.Method} {path} answer {p}"));
        return problems;
    }

    /// <summary>
    /// A query string as the JSON object its documented parameters describe: whole numbers as numbers, true/false as
    /// booleans, JSON objects and arrays (Meta's <c>time_range</c>) as themselves, anything else as a string.
    /// </summary>
    public static JsonElement QueryJson(string query)
    {
        var json = new JsonObject();
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var value = Uri.UnescapeDataString(parts.Length > 1 ? parts[1].Replace('+', ' ') : "");
            json[Uri.UnescapeDataString(parts[0])] =
                long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
                : value is "true" or "false" ? JsonValue.Create(value == "true")
                : value.StartsWith('{') || value.StartsWith('[') ? JsonNode.Parse(value)
                : JsonValue.Create(value);
        }
        return JsonSerializer.SerializeToElement(json);
    }
}
