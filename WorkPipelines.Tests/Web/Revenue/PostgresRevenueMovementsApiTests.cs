using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Revenue;

/// <summary>Every revenue movements API test, on PostgreSQL.</summary>
[Collection(PostgresAppCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresRevenueMovementsApiTests(PostgresWorkAppFactory app) : RevenueMovementsApiTests(app);
