using System.Text.RegularExpressions;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>
/// The operations of an API as a provider's OpenAPI-generated JavaScript client declares them: for each method, its
/// HTTP method, path template and the query parameters it may send (Mailchimp's <c>@mailchimp/mailchimp_marketing</c>
/// is generated this way, one <c>callApi('/lists/{list_id}/members', 'GET', pathParams, queryParams, …)</c> per operation;
/// Stripe's <c>stripe</c> package one <c>this._makeRequest('GET', `/v1/prices/${encodeURIComponent(id)}`, params, …)</c> per
/// resource method, its parameters typed in the matching <c>.d.ts</c>).
/// </summary>
public sealed partial class GeneratedJsClient
{
    /// <param name="Declared">For Stripe: the <c>.d.ts</c> file, class and method that type the operation.</param>
    public sealed record Operation(string Method, string Path, IReadOnlySet<string> Query, Regex Matcher, (string File, string Class, string Name)? Declared = null);

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

    /// <summary>
    /// Stripe's resource classes under <paramref name="root"/> (<c>resources/Charges.js</c>: <c>export class ChargeResource</c>
    /// whose <c>list(params, options)</c> calls <c>_makeRequest('GET', '/v1/charges', …)</c>).
    /// </summary>
    public static GeneratedJsClient LoadStripe(string root)
    {
        List<Operation> operations = [];
        foreach (var file in Directory.EnumerateFiles(root, "*.js", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            if (ResourceClass().Match(text) is not { Success: true } resource) continue;
            var declarations = Path.GetRelativePath(root, file).Replace('\\', '/')[..^3] + ".d.ts";
            foreach (Match call in MakeRequest().Matches(text))
            {
                var path = call.Groups["path"].Value;
                var matcher = new Regex("^" + string.Join("[^/]+", TemplatePart().Split(path).Select(Regex.Escape)) + "$");
                operations.Add(new(call.Groups["method"].Value, path, new HashSet<string>(), matcher, (declarations, resource.Groups["name"].Value, call.Groups["name"].Value)));
            }
        }
        if (operations.Count == 0) throw new InvalidDataException($"no _makeRequest operations under {root}: not a client this reader knows");
        return new GeneratedJsClient(operations);
    }

    /// <summary>The declared operations <paramref name="method"/> <paramref name="path"/> can be.</summary>
    public List<Operation> Find(string method, string path) => Operations.Where(o => o.Method == method && o.Matcher.IsMatch(path)).ToList();

    /// <summary>Why <paramref name="method"/> <paramref name="path"/>?<paramref name="query"/> is not a declared operation, or null.</summary>
    public string? Problem(string method, string path, string query)
    {
        var candidates = Find(method, path);
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

    [GeneratedRegex(@"export class (?<name>\w+) extends StripeResource")]
    private static partial Regex ResourceClass();

    [GeneratedRegex(@"(?<name>\w+)\([^)]*\)\s*\{\s*return this\._makeRequest\('(?<method>[A-Z]+)',\s*['`](?<path>[^'`]+)['`]")]
    private static partial Regex MakeRequest();

    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex TemplatePart();
}
