using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Pipelines;

// The whole app on PostgreSQL: the same tests as on SQLite, against a PostgresWorkAppFactory (its own database in
// WORKPIPELINES_TEST_POSTGRES, dropped at the end).

/// <summary>Every run API test, on PostgreSQL: listing, search (ILIKE), cancel, retry, workspace isolation.</summary>
[Collection(PostgresAppCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresPipelinesApiTests(PostgresWorkAppFactory app) : PipelinesApiTests(app);
