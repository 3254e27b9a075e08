using System.Text.RegularExpressions;

namespace WorkPipelines.Tests.Contracts;

/// <summary>
/// The operations of an API as a provider's OpenAPI-generated JavaScript client declares them: for each method, its
/// HTTP method, path template and the query parameters it may send (Mailchimp's <c>@mailchimp/mailchimp_marketing</c>
/// is generated this way, one <c>callApi('/lists/{list_id}/members', 'GET', pathParams, queryParams, …)</c> per operation).
/// </summary>
public sealed partial class GeneratedJsClient
{
    public sealed record Operation(string Method, string Path, IReadOnlySet<string> Query, Regex Matcher);

    public IReadOnlyList<Operation> Operations { get; }

    private GeneratedJsClient(List<Operation> operations) => Operations = operations;

    public static GeneratedJsClient Load(IEnumerable<string> files)
    {
        List<Operation> operations = [];
        foreach (var file in files)
        {
            // One chunk per generated method: its queryParams block comes before its callApi.
            foreach (var chunk in File.ReadAllText(file).Split("WithHttpInfo = function").Skip(1))
            {
                var call = CallApi().Match(chunk);
                if (!call.Success) continue;
                var query = QueryBlock().Match(chunk) is { Success: true } block
                    ? QueryName().Matches(block.Groups["params"].Value).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal)
                    : [];
                var path = call.Groups["path"].Value;
                var matcher = new Regex("^" + PathParameter().Replace(Regex.Escape(path).Replace(@"\{", "{"), "[^/]+") + "$");
                operations.Add(new(call.Groups["method"].Value, path, query, matcher));
            }
        }
        if (operations.Count == 0) throw new InvalidDataException("no callApi operations found: not a generated client this reader knows");
        return new GeneratedJsClient(operations);
    }

    /// <summary>Why <paramref name="method"/> <paramref name="path"/>?<paramref name="query"/> is not a declared operation, or null.</summary>
    public string? Problem(string method, string path, string query)
    {
        var candidates = Operations.Where(o => o.Method == method && o.Matcher.IsMatch(path)).ToList();
        if (candidates.Count == 0) return $"{method} {path}: no such operation in the published client";
        var names = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => Uri.UnescapeDataString(p.Split('=')[0])).ToList();
        var undeclared = names.Where(n => !candidates.Any(o => o.Query.Contains(n))).ToList();
        return undeclared.Count == 0 ? null : $"{method} {path}: query parameters not declared by {candidates[0].Path}: {string.Join(", ", undeclared)}";
    }

    [GeneratedRegex(@"callApi\(\s*'(?<path>[^']+)',\s*'(?<method>[A-Z]+)'")]
    private static partial Regex CallApi();

    [GeneratedRegex(@"var queryParams = \{(?<params>.*?)\};", RegexOptions.Singleline)]
    private static partial Regex QueryBlock();

    [GeneratedRegex(@"^\s*'(?<name>[a-z_0-9]+)':", RegexOptions.Multiline)]
    private static partial Regex QueryName();

    [GeneratedRegex(@"\{\w+\\?}")]
    private static partial Regex PathParameter();
}
