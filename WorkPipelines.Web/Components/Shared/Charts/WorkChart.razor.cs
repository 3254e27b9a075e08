using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace WorkPipelines.Web.Components.Shared.Charts;

/// <summary>
/// The app's chart: wraps ApexCharts (npm apexcharts 5.0.0, the last MIT release) through
/// lib/work/charts.js. Redraws only when the data actually changes, switches theme in place.
/// </summary>
public sealed partial class WorkChart : IAsyncDisposable
{
    internal const string ModulePath = "./lib/work/charts.js";

    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>What kind of chart to draw.</summary>
    [Parameter] public WorkChartType Type { get; set; } = WorkChartType.Line;

    /// <summary>The data: one entry per line or bar set; a donut uses the first series only.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<ChartSeries> Series { get; set; } = [];

    /// <summary>X-axis labels (dates, hours), one per value in each series.</summary>
    [Parameter] public IReadOnlyList<string> Categories { get; set; } = [];

    /// <summary>Donut slice names, one per value; falls back to <see cref="Categories"/>.</summary>
    [Parameter] public IReadOnlyList<string> Labels { get; set; } = [];

    /// <summary>Height in pixels; the width always follows the container.</summary>
    [Parameter] public int Height { get; set; } = 260;

    /// <summary>Hex colours per series (per slice for a donut); ApexCharts' palette when null.</summary>
    [Parameter] public IReadOnlyList<string>? Colors { get; set; }

    /// <summary>How values read on the axis, in tooltips and in the screen-reader table.</summary>
    [Parameter] public ChartValueFormat ValueFormat { get; set; } = ChartValueFormat.Number;

    /// <summary>ISO 4217 code used when <see cref="ValueFormat"/> is Money (the workspace currency).</summary>
    [Parameter] public string Currency { get; set; } = "USD";

    /// <summary>What the chart shows, for its aria-label and the data table's caption.</summary>
    [Parameter] public string? Title { get; set; }

    /// <summary>Pass MudBlazor's dark mode so axes and tooltips stay readable.</summary>
    [Parameter] public bool DarkMode { get; set; }

    /// <summary>Categories are ISO dates (yyyy-MM-dd): the x axis spaces and labels them as a time line.</summary>
    [Parameter] public bool DateCategories { get; set; }

    /// <summary>What the tooltip calls each point ("7 – 13 Dec 2026" for a week); the category when empty.</summary>
    [Parameter] public IReadOnlyList<string>? PointTitles { get; set; }

    /// <summary>Notes drawn as lines or bands on a chart with <see cref="DateCategories"/> (annotations); none when null.</summary>
    [Parameter] public IReadOnlyList<ChartMark>? Marks { get; set; }

    private ElementReference _canvas;
    private IJSObjectReference? _module;
    private ChartSpec _spec = new(WorkChartType.Line, [], [], []);
    private string _signature = "";

    // What the browser shows right now; _drawnSignature is null while no chart exists.
    private string? _drawnSignature;
    private WorkChartType _drawnType;
    private bool _drawnDark;

    private bool _ready;
    private bool _syncing;
    private bool _disposed;

    private string AriaLabel =>
        $"{Title ?? "Chart"}: {Type switch { WorkChartType.StackedBar => "stacked bar", var t => t.ToString().ToLowerInvariant() }} chart. The values are in the table that follows.";

    protected override void OnParametersSet()
    {
        _spec = new ChartSpec(Type, Series ?? [], Categories ?? [], Labels ?? [], Height, Colors, ValueFormat, Currency, DarkMode, DateCategories, PointTitles, Marks);
        _signature = ChartOptionsBuilder.Signature(_spec);
    }

    // Not only on firstRender: data often arrives after the first render (panels load on their
    // own), and the module is imported only once there is something to draw.
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // One sync at a time: a render that lands while we await JS is picked up by the loop below,
        // so update can never overtake the render it depends on.
        if (_syncing || _disposed) return;
        _syncing = true;
        try
        {
            while (!_disposed && await SyncOnceAsync()) { }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; so is the page this chart was on.
        }
        finally
        {
            _syncing = false;
        }
    }

    /// <summary>Brings the browser one step closer to <see cref="_spec"/>; false when it already matches.</summary>
    private async Task<bool> SyncOnceAsync()
    {
        var (spec, signature) = (_spec, _signature);
        if (!spec.HasData)
        {
            if (_drawnSignature is null) return false;
            _drawnSignature = null;
            _ready = false;
            await _module!.InvokeVoidAsync("destroy", _canvas);
            return true;
        }
        if (_drawnSignature is null || _drawnType != spec.Type)
        {
            // Switching type (say bar to donut) changes the chart's whole shape: draw afresh.
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            if (_disposed) return false;
            await _module.InvokeVoidAsync("render", _canvas, ChartOptionsBuilder.Build(spec));
            (_drawnSignature, _drawnType, _drawnDark) = (signature, spec.Type, spec.DarkMode);
            if (!_ready)
            {
                _ready = true;
                StateHasChanged();
            }
            return true;
        }
        if (_drawnSignature != signature)
        {
            // The options carry darkMode too, so a theme change rides along with the update.
            await _module!.InvokeVoidAsync("update", _canvas, ChartOptionsBuilder.SeriesPayload(spec), ChartOptionsBuilder.Build(spec));
            (_drawnSignature, _drawnDark) = (signature, spec.DarkMode);
            return true;
        }
        if (_drawnDark != spec.DarkMode)
        {
            await _module!.InvokeVoidAsync("setTheme", _canvas, spec.DarkMode);
            _drawnDark = spec.DarkMode;
            return true;
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (_module is null) return;
        try
        {
            if (_drawnSignature is not null)
                await _module.InvokeVoidAsync("destroy", _canvas);
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // Circuit closed (tab shut, navigation away): the browser already dropped chart and module.
        }
    }
}
