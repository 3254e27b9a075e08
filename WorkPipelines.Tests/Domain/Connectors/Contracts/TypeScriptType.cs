using System.Text.RegularExpressions;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>
/// A TypeScript type expression as generated clients write them: unions, intersections, <c>T[]</c>, generic references
/// (<c>Array&lt;T&gt;</c>, <c>ApiList&lt;Charge&gt;</c>), string literals and inline object types with an index signature
/// (<c>{[key: string]: string}</c>). Anything else fails to parse rather than passing unread.
/// </summary>
public abstract partial record TypeScriptType(string Text)
{
    public sealed record Union(string Text, IReadOnlyList<TypeScriptType> Alternatives) : TypeScriptType(Text);

    public sealed record Intersection(string Text, IReadOnlyList<TypeScriptType> Parts) : TypeScriptType(Text);

    public sealed record ArrayOf(string Text, TypeScriptType Item) : TypeScriptType(Text);

    public sealed record Reference(string Text, string Name, IReadOnlyList<TypeScriptType> Arguments) : TypeScriptType(Text);

    public sealed record Literal(string Text, string Value) : TypeScriptType(Text);

    public sealed record ObjectType(string Text, IReadOnlyDictionary<string, TypeScriptType> Fields, TypeScriptType? Index) : TypeScriptType(Text);

    public sealed override string ToString() => Text;

    public static TypeScriptType Parse(string text)
    {
        var tokens = Token().Matches(text).Select(m => m.Value).ToList();
        var position = 0;
        var type = new Reader(tokens, text).Union(ref position);
        if (position != tokens.Count) throw new FormatException($"unexpected '{tokens[position]}' in type {text}");
        return type;
    }

    private sealed class Reader(List<string> tokens, string text)
    {
        public TypeScriptType Union(ref int at)
        {
            if (Peek(at) == "|") at++;
            var start = at;
            List<TypeScriptType> items = [Intersection(ref at)];
            while (Peek(at) == "|") { at++; items.Add(Intersection(ref at)); }
            return items.Count == 1 ? items[0] : new Union(Join(start, at), items);
        }

        private TypeScriptType Intersection(ref int at)
        {
            var start = at;
            List<TypeScriptType> items = [Postfix(ref at)];
            while (Peek(at) == "&") { at++; items.Add(Postfix(ref at)); }
            return items.Count == 1 ? items[0] : new Intersection(Join(start, at), items);
        }

        private TypeScriptType Postfix(ref int at)
        {
            var start = at;
            var type = Primary(ref at);
            while (Peek(at) == "[" && Peek(at + 1) == "]") { at += 2; type = new ArrayOf(Join(start, at), type); }
            return type;
        }

        private TypeScriptType Primary(ref int at)
        {
            var start = at;
            var token = Peek(at) ?? throw new FormatException($"type {text} ends early");
            if (token[0] is '\'' or '"') { at++; return new Literal(token, token[1..^1]); }
            if (token == "(") { at++; var inner = Union(ref at); Expect(ref at, ")"); return inner; }
            if (token == "{") return Object(ref at);
            if (!char.IsLetter(token[0]) && token[0] is not ('_' or '$')) throw new FormatException($"unexpected '{token}' in type {text}");
            at++;
            List<TypeScriptType> arguments = [];
            if (Peek(at) == "<")
            {
                at++;
                arguments.Add(Union(ref at));
                while (Peek(at) == ",") { at++; arguments.Add(Union(ref at)); }
                Expect(ref at, ">");
            }
            var reference = new Reference(Join(start, at), token, arguments);
            return token == "Array" && arguments.Count == 1 ? new ArrayOf(reference.Text, arguments[0]) : reference;
        }

        private TypeScriptType Object(ref int at)
        {
            var start = at;
            Expect(ref at, "{");
            var fields = new Dictionary<string, TypeScriptType>(StringComparer.Ordinal);
            TypeScriptType? index = null;
            while (Peek(at) != "}")
            {
                if (Peek(at) == "[") { at += 4; Expect(ref at, "]"); Expect(ref at, ":"); index = Union(ref at); }
                else
                {
                    var name = Peek(at)!.Trim('\'', '"');
                    at++;
                    if (Peek(at) == "?") at++;
                    Expect(ref at, ":");
                    fields[name] = Union(ref at);
                }
                if (Peek(at) is ";" or ",") at++;
            }
            at++;
            return new ObjectType(Join(start, at), fields, index);
        }

        private string? Peek(int at) => at < tokens.Count ? tokens[at] : null;

        private void Expect(ref int at, string token)
        {
            if (Peek(at) != token) throw new FormatException($"expected '{token}' at '{Peek(at)}' in type {text}");
            at++;
        }

        // Tokens joined back as the generator spaces them ("string | null", "{[key: string]: string}").
        private string Join(int from, int to)
        {
            var parts = tokens.GetRange(from, to - from);
            return string.Concat(parts.Select((t, i) => t is "|" or "&" ? $" {t} " : t == ":" || (t == "," && i < parts.Count - 1) ? t + " " : t));
        }
    }

    [GeneratedRegex(@"'[^']*'|""[^""]*""|[A-Za-z_$][\w$.]*|\d+|[|&<>\[\](){}:;,?]")]
    private static partial Regex Token();
}
