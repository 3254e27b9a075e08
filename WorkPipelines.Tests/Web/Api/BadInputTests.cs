using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Tests.Web.Pipelines;
using WorkPipelines.Web.Features.Reports;

namespace WorkPipelines.Tests.Web.Api;

/// <summary>
/// Every <c>/api/work</c> operation in the OpenAPI document, fed malformed input: bad and foreign ids, wrong JSON
/// types, broken, deep, non-UTF-8 and huge bodies, nonsense query values, no credentials. No answer may be a 5xx, and
/// neither the caller's workspace nor another workspace may change. Runs in Development (where minimal APIs used to
/// throw on bad input) and Production, on SQLite here and on PostgreSQL in <see cref="PostgresDevelopmentBadInputTests"/>
/// and <see cref="PostgresProductionBadInputTests"/>.
/// </summary>
public abstract class BadInputTests(WorkAppFactory app)
{
    private static readonly string[] BrokenBodies =
    [
        "{",
        "[]",
        "null",
        "42",
        "\"text\"",
        """{"type":123,"period":[],"from":"not-a-date","to":12,"role":{},"email":7,"schedule":true,"timeZone":5,"currency":[],"useSandbox":"yes","credentials":"x","sandboxHistoryDays":"many","errorRate":"lots","seconds":"long","stream":{},"url":[],"keepData":"maybe"}""",
        """{"role":"Owner","email":"not-an-email","type":"nope","period":"2w","schedule":"Hourly","timeZone":"Mars/Olympus","currency":"XXX","sandboxHistoryDays":-5,"errorRate":7,"seconds":-1,"from":"2026-02-30"}""",
    ];

    // Bodies that are not text a JSON reader can take: 10,000 levels deep, invalid UTF-8, a lone surrogate, an integer
    // no number type holds.
    private static readonly byte[][] HostileBodies =
    [
        Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000)),
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)),
        [.. "{\"seconds\":-1,\"email\":\""u8, 0xff, 0xfe, 0xc3, 0x28, .. "\",\"url\":\""u8, 0xed, 0xa0, 0x80, .. "\"}"u8],
        Encoding.UTF8.GetBytes("""{"seconds":-1,"email":"\ud800","name":"\udfff x","url":"https://\ud83d.example","type":"\ud800"}"""),
        Encoding.UTF8.GetBytes("""{"seconds":99999999999999999999999,"sandboxHistoryDays":1e400,"errorRate":-1e400,"pageSize":99999999999}"""),
    ];

    private static readonly string[] NonsenseQueries =
    [
        "?period=zz&compare=qq&from=yesterday&to=2026-13-45&page=-1&pageSize=999999999&status=Nope&kind=%00&trigger=bad&format=exe&search=%27%3B--&days=-3&stream=%2F..",
        "?period=custom&from=0001-01-01&to=0001-01-02&compare=previous",
        "?period=custom&from=9999-12-30&to=9999-12-31&compare=year",
        "?page=99999999999&pageSize=99999999999&days=99999999999&from=2026-01-01T00:00:00Z",
        "?site=%ff%fe&search=%c3%28&status=%ed%a0%80&kind=%ed%a0%80",
        "?site=%5B%5D",
        "?site=" + new string('x', 5_000),
        "?site=http://[::1&search=" + new string('%', 3),
    ];

    [Fact]
    public async Task Malformed_requests_to_every_work_route_answer_4xx_and_change_nothing()
    {
        var (victim, foreignIds) = await VictimWithDataAsync();
        var attacker = await ApiUser.RegisterAsync(app, "attacker");
        var attackerId = (await attacker.MeAsync()).Workspace.WorkspaceId;
        var victimId = (await victim.MeAsync()).Workspace.WorkspaceId;
        var before = await DigestAsync(victimId, attackerId);
        using var anonymous = app.CreateAnonymousClient();

        List<string> serverErrors = [];
        var sent = 0;
        foreach (var (method, template) in await OperationsAsync(anonymous))
        {
            foreach (var path in PathsFor(template, foreignIds))
            {
                await SendAsync(anonymous, method, path, null);
                if (method == HttpMethod.Get || method == HttpMethod.Delete)
                {
                    await SendAsync(attacker.Client, method, path, null);
                    foreach (var query in NonsenseQueries) await SendAsync(attacker.Client, method, path + query, null);
                    continue;
                }
                // (A POST without a body can be a valid request, e.g. a self-test with its defaults: only broken bodies here.)
                foreach (var body in BrokenBodies) await SendAsync(attacker.Client, method, path, new StringContent(body, Encoding.UTF8, "application/json"));
                foreach (var body in HostileBodies)
                    await SendAsync(attacker.Client, method, path, new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } });
                await SendAsync(attacker.Client, method, path, new StringContent("{\"type\":\"Revenue\"}", Encoding.UTF8, "text/plain"));
                await SendAsync(attacker.Client, method, path, new StringContent($"{{\"email\":\"{new string('a', 6_000_000)}\"}}", Encoding.UTF8, "application/json"));
            }
        }

        Assert.True(sent > 300, $"only {sent} requests were sent; is the OpenAPI document complete?");
        Assert.True(serverErrors.Count == 0, $"{serverErrors.Count} of {sent} requests failed with 5xx:\n{string.Join("\n", serverErrors.Take(30))}");
        var after = await DigestAsync(victimId, attackerId);
        Assert.True(before.SequenceEqual(after),
            "rows changed:\n" + string.Join("\n", after.Except(before).Select(r => "new or changed: " + r).Concat(before.Except(after).Select(r => "was: " + r))));

        async Task SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content, bool again = false)
        {
            using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
            if (!again) sent++;
            HttpResponseMessage response;
            try { response = await client.SendAsync(request); }
            catch (HttpRequestException ex) when (ex.InnerException is IOException && content?.Headers.ContentLength > 1_000_000)
            {
                return; // the server answered (or refused) before reading a huge body and closed the connection: not a failure
            }
            catch (HttpRequestException) when (!again)
            {
                // The server may close a connection after refusing a huge body; the client learns it only on its next
                // request over that connection. Once more on a new connection tells that apart from this request failing.
                await SendAsync(client, method, path, content is null ? null : await CopyAsync(content), again: true);
                return;
            }
            catch (HttpRequestException ex)
            {
                serverErrors.Add($"{method} {Shorten(path)} {(content is null ? "" : Shorten(await content.ReadAsStringAsync()))} → no answer: {ex.Message} {ex.InnerException?.Message}");
                return;
            }
            using var _ = response;
            if ((int)response.StatusCode >= 500)
                serverErrors.Add($"{method} {Shorten(path)} {(content is null ? "" : Shorten(await content.ReadAsStringAsync()))} → {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync())}");
        }
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_before_anything_runs()
    {
        var admin = await ApiUser.RegisterAsync(app, "bulky");
        var padding = new string(' ', WorkPipelines.Web.Api.WorkApi.MaxRequestBytes);

        var response = await admin.Client.PostAsync("api/work/pipelines/self-test", new StringContent($"{{\"seconds\":1{padding}}}", Encoding.UTF8, "application/json"));
        var runs = await admin.Client.GetFromJsonAsync<RunPage>("api/work/pipelines", ApiUser.Json);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, runs!.Total);
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https:evil.example")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task Signing_in_with_a_foreign_ReturnUrl_lands_on_a_page_of_the_app(string returnUrl)
    {
        var user = await ApiUser.RegisterAsync(app, "returner");
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() }) { BaseAddress = app.RootUri };
        var loginPath = "Account/Login?ReturnUrl=" + (returnUrl.Contains('%') ? returnUrl : Uri.EscapeDataString(returnUrl));

        var page = await browser.GetAsync(loginPath);
        var form = await page.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await browser.PostAsync(loginPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = user.Email,
            ["Input.Password"] = user.Password,
        }));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.NotEmpty(token);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(app.RootUri, response.Headers.Location!);
        Assert.Equal(app.RootUri.GetLeftPart(UriPartial.Authority), location.GetLeftPart(UriPartial.Authority));
    }

    private static async Task<HttpContent> CopyAsync(HttpContent content) =>
        new ByteArrayContent(await content.ReadAsByteArrayAsync()) { Headers = { ContentType = content.Headers.ContentType } };

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    // Another workspace with a finished run, a report, a connection (and its automatic annotation), a goal, an alert rule, an annotation and a share link: its ids are what an attacker would try.
    private async Task<(ApiUser Victim, List<string> Ids)> VictimWithDataAsync()
    {
        var victim = await ApiUser.RegisterAsync(app, "victim");
        await victim.ConnectSandboxAsync("stripe", historyDays: 3);
        await victim.WaitForIdleAsync();
        var generate = await victim.Client.PostAsJsonAsync("api/work/reports/generate", new { type = "Revenue", period = "7d" });
        var report = (await generate.Content.ReadFromJsonAsync<ReportStarted>(ApiUser.Json))!;
        await PipelinesApiTests.WaitForAsync(victim, report.RunId, r => r.Status is PipelineRunStatus.Succeeded or PipelineRunStatus.Failed);
        var goal = await victim.Client.PostAsJsonAsync("api/work/goals", new { metric = "revenue", target = 5000, cadence = "month" });
        Assert.Equal(HttpStatusCode.Created, goal.StatusCode);
        var goalId = (await goal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var alert = await victim.Client.PostAsJsonAsync("api/work/alerts", new { name = "Victim's alert", metric = "revenue", condition = "anomaly" });
        Assert.Equal(HttpStatusCode.Created, alert.StatusCode);
        var alertId = (await alert.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var note = await victim.Client.PostAsJsonAsync("api/work/annotations", new { text = "Victim's note", date = DateTime.UtcNow.ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        var noteId = (await note.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var share = await victim.Client.PostAsJsonAsync("api/work/shares", new { name = "Victim's board", panels = new[] { "revenue" }, expiresInDays = 7 });
        Assert.Equal(HttpStatusCode.Created, share.StatusCode);
        var shareId = (await share.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("share").GetProperty("id").GetString()!;
        var me = await victim.MeAsync();
        var member = (await victim.MembersAsync()).Single();
        return (victim, [report.ReportId.ToString(), report.RunId.ToString(), member.Id.ToString(), me.Workspace.WorkspaceId.ToString(), goalId, alertId, noteId, shareId]);
    }

    private static async Task<List<(HttpMethod Method, string Template)>> OperationsAsync(HttpClient client)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("openapi/v1.json"));
        return document.RootElement.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/work/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(op => (new HttpMethod(op.Name.ToUpperInvariant()), p.Name)))
            .Where(op => op.Item1 != HttpMethod.Options && op.Item1 != HttpMethod.Head)
            .ToList();
    }

    // Each route parameter as a foreign id, an empty or malformed id, and hostile text.
    private static IEnumerable<string> PathsFor(string template, List<string> foreignIds)
    {
        var start = template.IndexOf('{');
        if (start < 0) return [template];
        var end = template.IndexOf('}', start);
        string[] values = [.. foreignIds, Guid.Empty.ToString(), "not-a-guid", "1%20OR%201%3D1", "..%2F..%2Fetc", new string('x', 3000), "%00"];
        return values.SelectMany(v => PathsFor(template[..start] + v + template[(end + 1)..], foreignIds)).Distinct().Take(24);
    }

    // Every row the two workspaces own, across all tables with a WorkspaceId, plus the two users' rows; sorted, so
    // the comparison does not depend on the order the database returns rows in.
    private async Task<List<string>> DigestAsync(Guid victim, Guid attacker)
    {
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        var postgres = configuration["Database:Provider"] == "Postgres";
        await using DbConnection connection = postgres
            ? new NpgsqlConnection(configuration.GetConnectionString("Work"))
            : new SqliteConnection($"Data Source={app.DatabasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = postgres
                ? """SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'WorkspaceId' ORDER BY table_name"""
                : """SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'WorkspaceId') ORDER BY m.name""";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        Assert.Contains("PipelineRuns", tables);

        List<string> rows = [];
        foreach (var (table, filter) in tables.Select(t => (t, "\"WorkspaceId\" IN (@v, @a)"))
                     .Append(("Workspaces", "\"Id\" IN (@v, @a)"))
                     .Append(("AspNetUsers", "\"Id\" IN (SELECT \"UserId\" FROM \"Memberships\" WHERE \"WorkspaceId\" IN (@v, @a))")))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" WHERE {filter}";
            // SQLite keeps Guids as upper-case text; PostgreSQL as uuid.
            command.Parameters.Add(Parameter(command, "v", postgres ? victim : victim.ToString().ToUpperInvariant()));
            command.Parameters.Add(Parameter(command, "a", postgres ? attacker : attacker.ToString().ToUpperInvariant()));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = string.Join(";", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={reader.GetValue(i)}"));
                rows.Add($"{table}: {Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(row)))[..12]} {Shorten(row)}");
            }
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        return parameter;
    }
}

/// <summary><see cref="BadInputTests"/> on SQLite in Development, as <c>dotnet run</c> starts the app.</summary>
public sealed class DevelopmentBadInputTests(DevelopmentWorkAppFactory app) : BadInputTests(app), IClassFixture<DevelopmentWorkAppFactory>;

/// <summary><see cref="BadInputTests"/> on SQLite in Production.</summary>
public sealed class ProductionBadInputTests(ProductionWorkAppFactory app) : BadInputTests(app), IClassFixture<ProductionWorkAppFactory>;
