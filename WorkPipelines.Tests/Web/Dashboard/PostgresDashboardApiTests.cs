using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Dashboard;

// The whole app on PostgreSQL: the same tests as on SQLite, against a PostgresWorkAppFactory (its own database in
// WORKPIPELINES_TEST_POSTGRES, dropped at the end).

/// <summary>Every dashboard API test, on PostgreSQL: aggregates equal the raw records, medians come from the JSON.</summary>
[Collection(PostgresAppCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresDashboardApiTests(PostgresWorkAppFactory app) : DashboardApiTests(app);
