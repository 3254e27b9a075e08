using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Activity;

// The whole app on PostgreSQL: the same tests as on SQLite, against a PostgresWorkAppFactory (its own database in
// WORKPIPELINES_TEST_POSTGRES, dropped at the end).

/// <summary>Every activity API test, on PostgreSQL (search is ILIKE there).</summary>
[Collection(PostgresAppCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresActivityApiTests(PostgresWorkAppFactory app) : ActivityApiTests(app);
