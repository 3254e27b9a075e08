// WorkChart's side of the interop: one ApexCharts instance per element.
// ApexCharts itself comes from the global script App.razor loads (lib/apexcharts/apexcharts.min.js),
// so every chart on the page shares one copy instead of each module bundling its own.

// A WeakMap, so a chart whose element Blazor already removed can still be garbage collected
// even when destroy() never arrives (e.g. the circuit dropped).
const charts = new WeakMap();

// The palette lives here only; C# sends just `darkMode`. Colours follow MudBlazor's default
// light/dark text and divider colours so axes stay readable on either background.
function modeOptions(dark) {
    return { theme: { mode: dark ? "dark" : "light" }, tooltip: { theme: dark ? "dark" : "light" } };
}

function colourOptions(dark) {
    return {
        chart: { background: "transparent", foreColor: dark ? "#e0e0e0" : "#424242" },
        grid: { borderColor: dark ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.08)" },
    };
}

// Measured on 5.0.0: updating theme.mode resets foreColor to ApexCharts' own default (#f6f7f8 /
// #373d3f) even when the same update sets foreColor, so the colours go in a second pass.
async function applyTheme(chart, dark) {
    await chart.updateOptions(modeOptions(dark), false, false);
    await chart.updateOptions(colourOptions(dark), false, false);
}

function isDark(chart) {
    return chart.w?.config?.theme?.mode === "dark";
}

const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });
const plain = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const whole = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 0 });

// Sub-second runs read in milliseconds and short ones with a decimal, or an axis of 0.27 s reads "0s" at every tick.
function duration(seconds) {
    const abs = Math.abs(seconds);
    const sign = seconds < 0 ? "-" : "";
    if (abs === 0) return "0s";
    if (abs < 1) return `${sign}${Math.round(abs * 1000)}ms`;
    if (abs < 10) return `${sign}${Number(abs.toFixed(1))}s`;
    const s = Math.round(abs);
    if (s < 60) return `${sign}${s}s`;
    if (s < 3600) return `${sign}${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
    return `${sign}${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

// Functions cannot cross the interop boundary, so C# names a format and we pick the functions here.
// Axis labels are abbreviated (12.4k); tooltips show the exact value.
function formatters(name, currency) {
    const money = (notation) => new Intl.NumberFormat(undefined, {
        style: "currency", currency: currency || "USD", notation, maximumFractionDigits: notation ? 1 : 2,
    });
    const guard = (f) => (v) => (v === null || v === undefined || Number.isNaN(v) ? "–" : f(Number(v)));
    switch (name) {
        case "money": {
            const exact = money(undefined), short = money("compact");
            return { axis: guard((v) => short.format(v)), exact: guard((v) => exact.format(v)) };
        }
        case "percent":
            return { axis: guard((v) => `${plain.format(v)}%`), exact: guard((v) => `${plain.format(v)}%`) };
        case "duration":
            return { axis: guard(duration), exact: guard(duration) };
        case "count":
            return { axis: guard((v) => whole.format(v)), exact: guard((v) => whole.format(v)) };
        default:
            return { axis: guard((v) => compact.format(v)), exact: guard((v) => plain.format(v)) };
    }
}

function isObject(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

// Deep merge of plain objects; arrays and values from `extra` win.
function merge(base, extra) {
    const out = { ...base };
    for (const [key, value] of Object.entries(extra)) {
        out[key] = isObject(value) && isObject(out[key]) ? merge(out[key], value) : value;
    }
    return out;
}

// Turns the C# options (ApexCharts options + our own valueFormat/currency/darkMode keys)
// into what ApexCharts accepts; the theme mode only on a fresh chart (see applyTheme).
// People who ask their system for less motion get charts that appear at once, without growing bars
// or sliding lines (and screenshots show final values, not a frame of an animation).
const reducedMotion = window.matchMedia?.("(prefers-reduced-motion: reduce)");

// Notes on the time line (C# `marks`) as ApexCharts x-axis annotations: a dashed line on a day, or a band over days. A chart
// narrower than this shows only each note's marker ("1", "2, 3"), which the list beside the chart explains; wider ones a short label.
const LABEL_WIDTH = 560;
const NOTE = "#7B1FA2";      // a person's note: white text on it reads at 8:1 on light and dark backgrounds
const AUTOMATIC = "#546E7A"; // the app's own (a source connected, history changed): quieter, still 5:1 with white
// On a dark background those two lines and bands all but vanish: lighter tints of the same hues there.
const LINE_ON_DARK = { [NOTE]: "#CE93D8", [AUTOMATIC]: "#B0BEC5" };

function day(text) {
    const [y, m, d] = text.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
}

function annotations(marks, categories, width, dark) {
    if (!marks?.length || !categories?.length) return undefined;
    const first = day(categories[0]), last = day(categories[categories.length - 1]);
    const wide = width >= LABEL_WIDTH;
    const xaxis = [];
    for (const mark of marks) {
        let from = day(mark.from), to = mark.to ? day(mark.to) : null;
        if ((to ?? from) < first || from > last) continue; // outside the chart: the list still has it
        from = Math.max(from, first);
        if (to !== null) to = Math.min(to, last);
        const colour = mark.automatic ? AUTOMATIC : NOTE;
        const line = dark ? LINE_ON_DARK[colour] : colour;
        // Labels of neighbouring notes would sit on each other at the top: every other one a row lower. Near an edge a label
        // grows away from it, or the plot would cut it off.
        const row = xaxis.length % 2;
        const at = last > first ? (from - first) / (last - first) : 0.5;
        const anchor = at > 0.75 ? "end" : at < 0.25 ? "start" : "middle";
        xaxis.push({
            x: from,
            ...(to !== null && to > from ? { x2: to, fillColor: line, opacity: dark ? 0.15 : 0.1 } : {}),
            borderColor: line,
            strokeDashArray: 4,
            label: {
                text: wide ? mark.label : mark.marker,
                orientation: "horizontal",
                position: "top",
                textAnchor: anchor,
                offsetY: row * 18,
                borderColor: colour,
                borderWidth: 0,
                style: { background: colour, color: "#fff", fontSize: "11px", fontWeight: 600, padding: { left: 5, right: 5, top: 2, bottom: 2 } },
            },
        });
    }
    return { xaxis };
}

function toApex(options, withMode, width) {
    const { valueFormat, currency, darkMode, pointTitles, marks, ...apex } = options;
    // Always set, even empty: an update that removes the last note must take its line away.
    apex.annotations = annotations(marks, apex.xaxis?.categories, width ?? 0, !!darkMode) ?? { xaxis: [] };
    if (reducedMotion?.matches) apex.chart = { ...apex.chart, animations: { ...apex.chart?.animations, enabled: false } };
    const f = formatters(valueFormat, currency);
    const isDonut = apex.chart?.type === "donut";
    const formatting = isDonut
        ? {
            tooltip: { y: { formatter: f.exact } },
            plotOptions: { pie: { donut: { labels: { value: { formatter: f.exact }, total: { formatter: (w) => f.exact(w.globals.seriesTotals.reduce((a, b) => a + b, 0)) } } } } },
        }
        : {
            yaxis: { labels: { formatter: f.axis } },
            tooltip: {
                y: { formatter: f.exact },
                // A week or a month is named by its dates ("7 – 13 Dec 2026"), not by the day it starts on.
                ...(pointTitles ? { x: { formatter: (value, opts) => pointTitles[opts?.dataPointIndex] ?? value } } : {}),
            },
        };
    const themed = merge(merge(apex, formatting), colourOptions(!!darkMode));
    return withMode ? merge(themed, modeOptions(!!darkMode)) : themed;
}

export function render(element, options) {
    if (!element) return;
    destroy(element);
    const Apex = window.ApexCharts;
    if (!Apex) throw new Error("ApexCharts is not loaded: App.razor must include lib/apexcharts/apexcharts.min.js");
    const chart = new Apex(element, toApex(options, true, element.clientWidth));
    charts.set(element, chart);
    return chart.render();
}

export async function update(element, series, options) {
    const chart = element && charts.get(element);
    if (!chart) return render(element, { ...options, series });
    // redrawPaths=false keeps the animation from the old values to the new ones.
    await chart.updateOptions(toApex({ ...options, series }, false, element.clientWidth), false, true);
    if (isDark(chart) !== !!options.darkMode) await applyTheme(chart, !!options.darkMode);
}

export async function setTheme(element, dark) {
    const chart = element && charts.get(element);
    if (!chart) return;
    await applyTheme(chart, !!dark);
}

export function destroy(element) {
    const chart = element && charts.get(element);
    if (!chart) return;
    charts.delete(element);
    chart.destroy();
}
