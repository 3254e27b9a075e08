using System.Text.RegularExpressions;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>
/// Reading a folder of <c>.d.ts</c> files as Stripe's generator writes them: interfaces and type aliases inside
/// (nested) namespaces, named imports and re-exports between files, classes whose methods name their parameter and
/// result types. Names resolve as TypeScript resolves them: the enclosing namespaces outward, then the file's imports.
/// </summary>
public sealed partial class TypeScriptSchemas
{
    /// <summary>A class method's declared parameter type (the one named <c>params</c>) and result type.</summary>
    public sealed record Method(TypeScriptType? Params, TypeScriptType Returns, Scope Scope);

    private Dictionary<string, Method> _methods = [];

    /// <summary>Every <c>.d.ts</c> under <paramref name="root"/>; file names in scopes are relative to it (<c>resources/Charges.d.ts</c>).</summary>
    public static TypeScriptSchemas LoadDeclarations(string root)
    {
        var declarations = new Dictionary<string, Declaration>(StringComparer.Ordinal);
        var imports = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var methods = new Dictionary<string, Method>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(root, "*.d.ts", SearchOption.AllDirectories))
        {
            var file = Path.GetRelativePath(root, path).Replace('\\', '/');
            var text = Comment().Replace(File.ReadAllText(path), " ");
            imports[file] = ReadImports(root, path, text);
            Read(text, 0, text.Length, new Scope(file, []), declarations, methods);
        }
        if (declarations.Count == 0) throw new InvalidDataException($"{root} holds no TypeScript declarations");
        return new TypeScriptSchemas(declarations, imports, root, "", numbersAsStrings: false) { _methods = methods };
    }

    /// <summary>The method <paramref name="name"/> of class <paramref name="className"/> in <paramref name="file"/>, or null.</summary>
    public Method? MethodOf(string file, string className, string name) => _methods.GetValueOrDefault($"{file}#{className}.{name}");

    /// <summary>The interface or alias <paramref name="name"/> (dotted for namespaces) as seen from <paramref name="scope"/>.</summary>
    public Declaration? Resolve(string name, Scope scope)
    {
        for (var depth = scope.Namespaces.Count; depth >= 0; depth--)
            if (_declarations.TryGetValue(Key(scope.File, string.Join('.', scope.Namespaces.Take(depth).Append(name))), out var found)) return found;
        var dot = name.IndexOf('.');
        var (first, rest) = dot < 0 ? (name, "") : (name[..dot], name[(dot + 1)..]);
        if (!_imports.TryGetValue(scope.File, out var imported) || !imported.TryGetValue(first, out var target)) return null;
        var (file, exported) = (target[..target.IndexOf('#')], target[(target.IndexOf('#') + 1)..]);
        var inTarget = exported == "*" ? rest : rest.Length == 0 ? exported : $"{exported}.{rest}";
        return inTarget.Length == 0 || file == scope.File ? null : Resolve(inTarget, new Scope(file, []));
    }

    private static void Read(string text, int from, int to, Scope scope, Dictionary<string, Declaration> declarations, Dictionary<string, Method> methods)
    {
        var at = from;
        while (at < to)
        {
            var head = Header().Match(text, at);
            if (!head.Success || head.Index >= to) return;
            var name = head.Groups["name"].Value;
            var qualified = string.Join('.', scope.Namespaces.Append(name));
            switch (head.Groups["kind"].Value)
            {
                case "namespace":
                {
                    var close = Matching(text, head.Index + head.Length - 1);
                    Read(text, head.Index + head.Length, close, scope with { Namespaces = [.. scope.Namespaces, name] }, declarations, methods);
                    at = close + 1;
                    break;
                }
                case "interface":
                {
                    var close = Matching(text, head.Index + head.Length - 1);
                    var (fields, index) = Members(text[(head.Index + head.Length)..close]);
                    var bases = SplitTopLevel(head.Groups["bases"].Value, ',').Where(b => b.Length > 0).Select(ParseOrUnreadable).ToList();
                    declarations[Key(scope.File, qualified)] = new(qualified, scope, Parameters(head.Groups["params"].Value), fields, index, bases, null);
                    at = close + 1;
                    break;
                }
                case "type":
                {
                    var end = StatementEnd(text, head.Index + head.Length);
                    declarations[Key(scope.File, qualified)] = new(qualified, scope, Parameters(head.Groups["params"].Value), new Dictionary<string, Member>(), null, [],
                        ParseOrUnreadable(text[(head.Index + head.Length)..end]));
                    at = end + 1;
                    break;
                }
                default: // class: its methods, e.g. "list(params?: ChargeListParams, options?: RequestOptions): ApiListPromise<Charge>"
                {
                    var close = Matching(text, head.Index + head.Length - 1);
                    foreach (var member in SplitTopLevel(text[(head.Index + head.Length)..close], ';'))
                        if (ClassMethod().Match(member) is { Success: true } method)
                            methods.TryAdd($"{scope.File}#{qualified}.{method.Groups["name"].Value}", new Method(
                                ParamsArgument().Match(method.Groups["args"].Value) is { Success: true } p ? ParseOrUnreadable(p.Groups["type"].Value) : null,
                                ParseOrUnreadable(method.Groups["returns"].Value), scope));
                    at = close + 1;
                    break;
                }
            }
        }
    }

    private static (Dictionary<string, Member> Fields, TypeScriptType? Index) Members(string body)
    {
        var fields = new Dictionary<string, Member>(StringComparer.Ordinal);
        TypeScriptType? index = null;
        foreach (var member in SplitTopLevel(body, ';'))
        {
            if (IndexSignature().Match(member) is { Success: true } signature) index = ParseOrUnreadable(signature.Groups["type"].Value);
            else if (Property().Match(member) is { Success: true } property)
                fields[property.Groups["name"].Value.Trim('\'')] = new Member(ParseOrUnreadable(property.Groups["type"].Value), property.Groups["optional"].Success);
        }
        return (fields, index);
    }

    // A type this reader cannot parse stays a name nothing resolves to: it fails where a value meets it, not at load.
    private static TypeScriptType ParseOrUnreadable(string text)
    {
        var type = Whitespace().Replace(text, " ").Trim();
        try
        {
            return TypeScriptType.Parse(type);
        }
        catch (FormatException)
        {
            return new TypeScriptType.Reference(type, $"«unreadable: {type}»", []);
        }
    }

    private static Dictionary<string, string> ReadImports(string root, string path, string text)
    {
        var imports = new Dictionary<string, string>(StringComparer.Ordinal);
        string Target(string from) => Path.GetRelativePath(root, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, from)))
            .Replace('\\', '/').Replace(".js", ".d.ts", StringComparison.Ordinal);
        foreach (Match statement in NamedImport().Matches(text))
            foreach (var name in statement.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = name.Replace("type ", "").Split(" as ", StringSplitOptions.TrimEntries);
                imports[parts[^1]] = $"{Target(statement.Groups["from"].Value)}#{parts[0]}";
            }
        foreach (Match statement in NamespaceImport().Matches(text)) imports[statement.Groups["name"].Value] = $"{Target(statement.Groups["from"].Value)}#*";
        return imports;
    }

    private static IReadOnlyList<string> Parameters(string text) =>
        SplitTopLevel(text.Trim('<', '>'), ',').Where(p => p.Length > 0).Select(p => Identifier().Match(p).Value).ToList();

    /// <summary>Splits at <paramref name="separator"/> outside brackets of any kind ("=>" is not a bracket).</summary>
    private static List<string> SplitTopLevel(string text, char separator)
    {
        List<string> parts = [];
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '{' or '(' or '[' || (c == '<' && separator == ',')) depth++;
            else if (c is '}' or ')' or ']' || (c == '>' && separator == ',' && text[i - 1] != '=')) depth--;
            else if (c == separator && depth == 0) { parts.Add(text[start..i].Trim()); start = i + 1; }
        }
        parts.Add(text[start..].Trim());
        return parts;
    }

    private static int Matching(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && --depth == 0) return i;
        }
        throw new InvalidDataException("unbalanced braces");
    }

    private static int StatementEnd(string text, int from)
    {
        var depth = 0;
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] is '{' or '(') depth++;
            else if (text[i] is '}' or ')') depth--;
            else if (text[i] == ';' && depth == 0) return i;
        }
        return text.Length;
    }

    [GeneratedRegex(@"/\*.*?\*/|(?<!:)//[^\n]*", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"(?:export\s+)?(?:declare\s+)?(?<kind>namespace|interface|type|class)\s+(?<name>\w+)\s*(?<params><[^={]*?>)?\s*(?:extends\s+(?<bases>[^{]+?)\s*)?(?:\{|=)")]
    private static partial Regex Header();

    [GeneratedRegex(@"^\[\w+: string\]: (?<type>.+)$", RegexOptions.Singleline)]
    private static partial Regex IndexSignature();

    [GeneratedRegex(@"^(?:readonly )?(?<name>[A-Za-z_$][\w$]*|'[^']+')(?<optional>\?)?: (?<type>.+)$", RegexOptions.Singleline)]
    private static partial Regex Property();

    [GeneratedRegex(@"^(?<name>\w+)\((?<args>.*)\): (?<returns>.+)$", RegexOptions.Singleline)]
    private static partial Regex ClassMethod();

    [GeneratedRegex(@"\bparams\??: (?<type>[^,]+)")]
    private static partial Regex ParamsArgument();

    [GeneratedRegex(@"(?:import|export)\s+(?:type\s+)?\{(?<names>[^}]*)\}\s*from\s*'(?<from>\.[^']+)'")]
    private static partial Regex NamedImport();

    [GeneratedRegex(@"import\s+\*\s+as\s+(?<name>\w+)\s+from\s+'(?<from>\.[^']+)'")]
    private static partial Regex NamespaceImport();

    [GeneratedRegex(@"[A-Za-z_$][\w$]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
