using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using WorkPipelines.Web.Components.Shared.Charts;

namespace WorkPipelines.Tests.Web.Components.Shared.Charts;

/// <summary>
/// bUnit context for <see cref="WorkChart"/>: MudBlazor in loose JS mode (as the shell tests) and
/// the charts module set up explicitly, so tests read exactly which functions ran with what.
/// </summary>
public abstract class ChartComponentContext : BunitContext, IAsyncLifetime
{
    protected static readonly string[] Days = ["Mon", "Tue", "Wed"];

    protected ChartComponentContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Module = JSInterop.SetupModule("./lib/work/charts.js");
    }

    protected BunitJSModuleInterop Module { get; }

    protected static IReadOnlyList<ChartSeries> Revenue(params double?[] values) => [new ChartSeries("Revenue", values)];

    protected IRenderedComponent<WorkChart> RenderChart(IReadOnlyList<ChartSeries> series, Action<ComponentParameterCollectionBuilder<WorkChart>>? more = null) =>
        Render<WorkChart>(p =>
        {
            p.Add(c => c.Series, series).Add(c => c.Categories, Days).Add(c => c.Title, "Revenue by day");
            more?.Invoke(p);
        });

    protected IReadOnlyList<JSRuntimeInvocation> Calls(string identifier) => Module.Invocations[identifier];

    /// <summary>An interop argument as the browser would receive it (also proves it serializes).</summary>
    protected static JsonNode Json(object? argument) => JsonSerializer.SerializeToNode(argument)!;

    protected static string JsonText(JsonNode? node) => node?.ToJsonString() ?? "null";

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
