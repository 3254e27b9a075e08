namespace WorkPipelines.Domain.Data;

/// <summary>Database functions for LINQ queries; EF translates them to SQL, .NET never runs them.</summary>
public static class SqlFunctions
{
    /// <summary>The number at <paramref name="path"/> (e.g. <c>$."support.first_reply_minutes"</c>) in a JSON text, or null.</summary>
    public static double? JsonNumber(string json, string path) => throw new NotSupportedException($"{nameof(JsonNumber)} runs only inside a query");
}
