using WorkPipelines.Domain;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Seeding;
using WorkPipelines.Sandbox;
using WorkPipelines.Web;
using WorkPipelines.Web.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddWorkLogging();
builder.Services.AddWorkPipelinesDomain(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddSandbox();
builder.Services.AddWorkIdentity(builder.Configuration);
builder.Services.AddWorkPipelinesWeb(builder.Configuration);
builder.Services.AddWorkSecurity(builder.Configuration, builder.Environment);

var app = builder.Build();

await app.Services.InitializeDatabaseAsync();
await app.Services.SeedDemoAsync();
app.Services.UsePipelines();

app.UseSecurityHeaders();
app.UseWorkErrorHandling();
app.UseAuthentication();
app.UseCookieRequestForgeryGuard();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapWorkEndpoints();
app.MapSandbox();
app.MapWorkUi();
app.ConnectDemoSourcesOnStart();

app.Run();

/// <summary>Entry point; public so WebApplicationFactory can host the app in tests.</summary>
public partial class Program;
