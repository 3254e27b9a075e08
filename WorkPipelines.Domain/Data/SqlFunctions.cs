using System.Reflection;

namespace WorkPipelines.Domain.Data;

/// <summary>Database functions for LINQ queries; EF translates them to SQL, .NET never runs them.</summary>
public static class SqlFunctions
{
    /// <summary>
    /// The number under the top-level <paramref name="key"/> (e.g. <c>support.first_reply_minutes</c>, a key with a dot
    /// in it, not a path) of a JSON text, or null. SQLite: <c>json_extract</c>; PostgreSQL: <c>jsonb_extract_path_text</c>.
    /// </summary>
    public static double? JsonNumber(string json, string key) => throw new NotSupportedException($"{nameof(JsonNumber)} runs only inside a query");

    internal static MethodInfo JsonNumberMethod { get; } = typeof(SqlFunctions).GetMethod(nameof(JsonNumber))!;
}
