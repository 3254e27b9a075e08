using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;

namespace WorkPipelines.Sandbox.Shopify;

/// <summary>
/// The sandbox's answer cut to what a query selects. A GraphQL server answers every selected field under its response key
/// (the alias, else the name) and nothing else (GraphQL spec, "Executing Selection Sets", https://spec.graphql.org/October2021/#sec-Executing-Selection-Sets);
/// the sandbox builds whole objects and keeps what was asked. A selected field it does not imitate is named, so the
/// answer is an error instead of a silent gap.
/// </summary>
internal static class ShopifySelection
{
    public static GraphQLDocument? Parse(string query)
    {
        try
        {
            return Parser.Parse(query);
        }
        catch (GraphQLParserException)
        {
            return null;
        }
    }

    /// <summary><paramref name="data"/> as the document's (only) operation selects it; the fields the sandbox lacks go to <paramref name="missing"/>.</summary>
    public static JsonNode? Project(object data, GraphQLDocument document, List<string> missing)
    {
        var operation = document.Definitions.OfType<GraphQLOperationDefinition>().First();
        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>().ToDictionary(f => f.FragmentName.Name.StringValue);
        return Project(JsonSerializer.SerializeToNode(data), operation.SelectionSet, "", fragments, missing);
    }

    private static JsonNode? Project(JsonNode? full, GraphQLSelectionSet set, string at, Dictionary<string, GraphQLFragmentDefinition> fragments, List<string> missing)
    {
        switch (full)
        {
            case JsonArray array:
                return new JsonArray(array.Select(item => Project(item, set, at, fragments, missing)).ToArray());
            case JsonObject source:
                var answer = new JsonObject();
                foreach (var field in Fields(set, fragments))
                {
                    var name = field.Name.StringValue;
                    var key = field.Alias?.Name.StringValue ?? name;
                    if (!source.TryGetPropertyValue(name, out var value)) { missing.Add(at + name); continue; }
                    answer[key] = field.SelectionSet is null ? value?.DeepClone() : Project(value, field.SelectionSet, $"{at}{name}.", fragments, missing);
                }
                return answer;
            default:
                return full?.DeepClone();
        }
    }

    // Fragments are followed whatever their type condition: each sandbox object has one type.
    private static IEnumerable<GraphQLField> Fields(GraphQLSelectionSet set, Dictionary<string, GraphQLFragmentDefinition> fragments) =>
        set.Selections.SelectMany(selection => selection switch
        {
            GraphQLField field => [field],
            GraphQLInlineFragment inline => Fields(inline.SelectionSet, fragments),
            GraphQLFragmentSpread spread when fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment) => Fields(fragment.SelectionSet, fragments),
            _ => [],
        });
}
