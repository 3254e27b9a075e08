using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Components.Account;

// The whole app on PostgreSQL: the same tests as on SQLite, against a PostgresWorkAppFactory (its own database in
// WORKPIPELINES_TEST_POSTGRES, dropped at the end).

/// <summary>Every Identity API test, on PostgreSQL: register, bearer tokens, lockout.</summary>
[Collection(PostgresAppCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresAuthApiTests(PostgresWorkAppFactory app) : AuthApiTests(app);
