using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Reports;

// The whole app on PostgreSQL: the same tests as on SQLite, against a PostgresWorkAppFactory (its own database in
// WORKPIPELINES_TEST_POSTGRES, dropped at the end).

/// <summary>Every reports API test, on PostgreSQL.</summary>
[Collection(PostgresAppCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresReportsApiTests(PostgresWorkAppFactory app) : ReportsApiTests(app);
