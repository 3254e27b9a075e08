using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Goals;

/// <summary>Every goals API test, on PostgreSQL.</summary>
[Collection(PostgresAppCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresGoalsApiTests(PostgresWorkAppFactory app) : GoalsApiTests(app);
