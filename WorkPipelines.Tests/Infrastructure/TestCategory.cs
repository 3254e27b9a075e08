namespace WorkPipelines.Tests.Infrastructure;

/// <summary>
/// The "Category" trait of test classes that need more than the .NET SDK, so <c>dotnet test --filter</c> can pick them
/// or leave them out: a browser (Chromium through Playwright), the PostgreSQL server in WORKPIPELINES_TEST_POSTGRES, a
/// Redis server (WORKPIPELINES_TEST_REDIS, or redis-server on the PATH). A class needing two has both.
/// </summary>
public static class TestCategory
{
    public const string Name = "Category";
    public const string Browser = "Browser";
    public const string Postgres = "Postgres";
    public const string Redis = "Redis";
}
