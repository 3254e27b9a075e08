using System.Text.Json;
using System.Text.Json.Nodes;
using WorkPipelines.Web.Components.Shared.Charts;

namespace WorkPipelines.Tests.Web.Components.Shared.Charts;

public sealed class ChartOptionsBuilderTests
{
    private static readonly string[] Days = ["Mon", "Tue", "Wed"];

    private static ChartSpec Spec(WorkChartType type = WorkChartType.Line, params ChartSeries[] series) =>
        new(type, series.Length > 0 ? series : [new ChartSeries("Revenue", [1, 2, 3])], Days, []);

    private static JsonNode Options(ChartSpec spec) => JsonSerializer.SerializeToNode(ChartOptionsBuilder.Build(spec))!;

    [Theory]
    [InlineData(WorkChartType.Line, "line", false)]
    [InlineData(WorkChartType.Area, "area", false)]
    [InlineData(WorkChartType.Bar, "bar", false)]
    [InlineData(WorkChartType.StackedBar, "bar", true)]
    [InlineData(WorkChartType.Donut, "donut", false)]
    public void Chart_type_maps_to_apexcharts(WorkChartType type, string apexType, bool stacked)
    {
        var chart = Options(Spec(type))["chart"]!;

        Assert.Equal(apexType, (string?)chart["type"]);
        Assert.Equal(stacked, (bool?)chart["stacked"]);
        Assert.Equal("100%", (string?)chart["width"]);
    }

    [Fact]
    public void On_a_phone_a_chart_grows_by_the_rows_its_legend_takes()
    {
        var seven = Spec(WorkChartType.StackedBar, [.. Enumerable.Range(1, 7).Select(i => new ChartSeries($"Agent {i}", [1, 2, 3]))]) with { Height = 220 };

        var phone = Options(seven)["responsive"]!.AsArray().Single()!;
        Assert.Equal(600, phone["breakpoint"]!.GetValue<int>());
        Assert.Equal(220 + 4 * 24, phone["options"]!["chart"]!["height"]!.GetValue<int>());
        Assert.Equal(220, Options(seven)["chart"]!["height"]!.GetValue<int>());
        Assert.Null(Options(Spec())["responsive"]); // one series: no legend, nothing to make room for
        Assert.Null(Options(Spec(WorkChartType.Donut))["responsive"]);
    }

    [Fact]
    public void Date_categories_make_a_time_axis_and_plain_ones_a_thinned_category_axis()
    {
        var dates = Spec() with { Categories = ["2026-11-01", "2026-11-02"], DateCategories = true };
        var many = Spec() with { Categories = Enumerable.Range(1, 30).Select(i => $"d{i}").ToList() };

        Assert.Equal("datetime", Options(dates)["xaxis"]!["type"]!.GetValue<string>());
        Assert.Null(Options(many)["xaxis"]!["type"]);
        Assert.Equal(8, Options(many)["xaxis"]!["tickAmount"]!.GetValue<int>());
        // Absent, not null: apexcharts 5.0.0 reads a null tickAmount as set and then draws only the first category's label.
        Assert.False(Options(Spec())["xaxis"]!.AsObject().ContainsKey("tickAmount"));
    }

    [Fact]
    public void Counts_get_one_tick_per_whole_number_up_to_ten_stacked_bars_by_their_totals()
    {
        var one = Spec(WorkChartType.StackedBar, new ChartSeries("Succeeded", [0, 1, 0]), new ChartSeries("Failed", [0, 0, 0])) with { Format = ChartValueFormat.Count };
        var stacked = Spec(WorkChartType.StackedBar, new ChartSeries("Succeeded", [2, 3, 1]), new ChartSeries("Failed", [1, 4, null])) with { Format = ChartValueFormat.Count };
        var many = Spec(WorkChartType.Bar, new ChartSeries("Runs", [40, 120, 7])) with { Format = ChartValueFormat.Count };

        Assert.Equal(1, Options(one)["yaxis"]!["max"]!.GetValue<int>());
        Assert.Equal(1, Options(one)["yaxis"]!["tickAmount"]!.GetValue<int>());
        Assert.Equal(7, Options(stacked)["yaxis"]!["max"]!.GetValue<int>()); // 3 + 4 stacked
        Assert.Null(Options(many)["yaxis"]!["max"]);
        Assert.True(Options(many)["yaxis"]!["forceNiceScale"]!.GetValue<bool>());
        Assert.Null(Options(Spec())["yaxis"]);
        Assert.Equal("count", Options(one)["valueFormat"]!.GetValue<string>());
    }

    [Fact]
    public void More_than_five_series_get_ten_distinct_colours_fewer_keep_the_default_and_chosen_ones_win()
    {
        var seven = Spec(WorkChartType.StackedBar, [.. Enumerable.Range(1, 7).Select(i => new ChartSeries($"Agent {i}", [i, i, i]))]);
        var colours = Options(seven)["colors"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();

        Assert.Equal(10, colours.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Null(Options(Spec())["colors"]);
        Assert.Equal(["#123456"], Options(seven with { Colors = ["#123456"] })["colors"]!.AsArray().Select(c => c!.GetValue<string>()));
        var sixSlices = Spec(WorkChartType.Donut) with { Labels = ["a", "b", "c", "d", "e", "f"] };
        Assert.NotNull(Options(sixSlices)["colors"]);
    }

    [Fact]
    public void Donut_sends_labels_and_the_first_series_as_flat_numbers()
    {
        var spec = new ChartSpec(WorkChartType.Donut, [new ChartSeries("Share", [3, null, 5]), new ChartSeries("Ignored", [9, 9, 9])], Days, ["Paid", "Organic", "Social"]);

        var options = Options(spec);

        Assert.Equal("[3,0,5]", options["series"]!.ToJsonString());
        Assert.Equal("""["Paid","Organic","Social"]""", options["labels"]!.ToJsonString());
        Assert.Null(options["xaxis"]);
    }

    [Fact]
    public void Donut_without_labels_names_slices_by_category()
    {
        var options = Options(Spec(WorkChartType.Donut));

        Assert.Equal("""["Mon","Tue","Wed"]""", options["labels"]!.ToJsonString());
    }

    [Theory]
    [InlineData(WorkChartType.Line)]
    [InlineData(WorkChartType.Area)]
    [InlineData(WorkChartType.Bar)]
    [InlineData(WorkChartType.StackedBar)]
    public void Axis_charts_send_named_series_and_categories(WorkChartType type)
    {
        var options = Options(Spec(type, new ChartSeries("A", [1, null]), new ChartSeries("B", [2, 3])));

        Assert.Equal("""[{"name":"A","data":[1,null]},{"name":"B","data":[2,3]}]""", options["series"]!.ToJsonString());
        Assert.Equal("""["Mon","Tue","Wed"]""", options["xaxis"]!["categories"]!.ToJsonString());
        Assert.Null(options["labels"]);
    }

    [Theory]
    [InlineData(ChartValueFormat.Number, "number")]
    [InlineData(ChartValueFormat.Money, "money")]
    [InlineData(ChartValueFormat.Percent, "percent")]
    [InlineData(ChartValueFormat.Duration, "duration")]
    public void Value_format_is_sent_by_name_for_the_module_to_pick_a_formatter(ChartValueFormat format, string name)
    {
        var options = Options(Spec() with { Format = format, Currency = "EUR" });

        Assert.Equal(name, (string?)options["valueFormat"]);
        Assert.Equal("EUR", (string?)options["currency"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dark_mode_is_sent_for_the_module_to_theme(bool dark)
    {
        Assert.Equal(dark, (bool?)Options(Spec() with { DarkMode = dark })["darkMode"]);
    }

    [Fact]
    public void Colors_are_sent_only_when_given()
    {
        Assert.Null(Options(Spec())["colors"]);
        Assert.Equal("""["#3f51b5","#00897b"]""", Options(Spec() with { Colors = ["#3f51b5", "#00897b"] })["colors"]!.ToJsonString());
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Legend_shows_only_when_there_is_more_than_one_series(int count, bool shown)
    {
        var series = Enumerable.Range(0, count).Select(i => new ChartSeries($"S{i}", [1])).ToArray();

        Assert.Equal(shown, (bool?)Options(Spec(WorkChartType.Line, series))["legend"]!["show"]);
    }

    [Fact]
    public void Values_json_cannot_carry_become_gaps()
    {
        var options = Options(Spec(WorkChartType.Line, new ChartSeries("A", [double.NaN, double.PositiveInfinity, 4])));

        Assert.Equal("[null,null,4]", options["series"]![0]!["data"]!.ToJsonString());
    }

    [Theory]
    [InlineData("value")]
    [InlineData("null-to-zero")]
    [InlineData("series-name")]
    [InlineData("category")]
    [InlineData("label")]
    [InlineData("type")]
    [InlineData("height")]
    [InlineData("colors")]
    [InlineData("format")]
    [InlineData("currency")]
    [InlineData("extra-series")]
    [InlineData("mark")]
    public void Signature_changes_with_anything_drawn(string change)
    {
        var spec = new ChartSpec(WorkChartType.Line, [new ChartSeries("A", [1, null, 3])], Days, ["x"]);
        var changed = change switch
        {
            "value" => spec with { Series = [new ChartSeries("A", [1, null, 3.5])] },
            "null-to-zero" => spec with { Series = [new ChartSeries("A", [1, 0, 3])] },
            "series-name" => spec with { Series = [new ChartSeries("B", [1, null, 3])] },
            "category" => spec with { Categories = ["Mon", "Tue", "Thu"] },
            "label" => spec with { Labels = ["y"] },
            "type" => spec with { Type = WorkChartType.Area },
            "height" => spec with { Height = 300 },
            "colors" => spec with { Colors = ["#000000"] },
            "format" => spec with { Format = ChartValueFormat.Money },
            "currency" => spec with { Currency = "EUR" },
            "extra-series" => spec with { Series = [.. spec.Series, new ChartSeries("B", [])] },
            "mark" => spec with { Marks = [new ChartMark("2026-03-10", null, "1", "1. Sale", false)] },
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };

        Assert.NotEqual(ChartOptionsBuilder.Signature(spec), ChartOptionsBuilder.Signature(changed));
    }

    [Fact]
    public void Signature_ignores_list_identity_and_dark_mode()
    {
        var spec = new ChartSpec(WorkChartType.Bar, [new ChartSeries("A", [1, 2])], ["Mon", "Tue"], []);
        var copy = new ChartSpec(WorkChartType.Bar, [new ChartSeries("A", new List<double?> { 1, 2 })], new List<string> { "Mon", "Tue" }, [], DarkMode: true);

        Assert.Equal(ChartOptionsBuilder.Signature(spec), ChartOptionsBuilder.Signature(copy));
    }

    [Fact]
    public void Marks_go_to_the_module_on_a_time_axis_only_and_then_the_theme_counts()
    {
        ChartMark[] marks = [new("2026-03-10", "2026-03-14", "2", "2. Sale week", false)];
        var timeline = new ChartSpec(WorkChartType.Area, [new ChartSeries("A", [1, 2])], ["2026-03-09", "2026-03-10"], [], DateCategories: true, Marks: marks);
        var categories = timeline with { DateCategories = false };

        var sent = Options(timeline)["marks"]!.AsArray().Single()!;

        Assert.Equal(("2026-03-10", "2026-03-14", "2", "2. Sale week", false),
            ((string?)sent["from"], (string?)sent["to"], (string?)sent["marker"], (string?)sent["label"], (bool?)sent["automatic"]));
        Assert.Null(Options(categories)["marks"]);
        // Lines are lighter on a dark background and only an update redraws them: with marks, a theme change must change the signature.
        Assert.NotEqual(ChartOptionsBuilder.Signature(timeline), ChartOptionsBuilder.Signature(timeline with { DarkMode = true }));
        Assert.NotEqual(ChartOptionsBuilder.Signature(timeline), ChartOptionsBuilder.Signature(timeline with { Marks = [marks[0] with { Label = "2. Sale weekend" }] }));
    }

    [Theory]
    [InlineData(new double[0], false)]
    [InlineData(new[] { double.NaN }, false)]
    [InlineData(new[] { 0.0 }, true)]
    [InlineData(new[] { double.NaN, 5.0 }, true)]
    public void Has_data_needs_one_real_value(double[] values, bool expected)
    {
        var spec = Spec(WorkChartType.Line, new ChartSeries("A", values.Select(v => (double?)v).ToList()), new ChartSeries("B", [null, null]));

        Assert.Equal(expected, spec.HasData);
    }

    [Fact]
    public void A_comparison_series_is_dotted_in_the_colour_of_the_series_it_compares_with()
    {
        var spec = Spec(WorkChartType.Area,
            new ChartSeries("Revenue", [1, 2, 3]), new ChartSeries("Refunds", [0, 1, 0]),
            new ChartSeries("Revenue (last year)", [2, 2, 2]) { IsComparison = true }, new ChartSeries("Refunds (last year)", [1, 1, 1]) { IsComparison = true });

        var options = Options(spec);

        var colours = options["colors"]!.AsArray().Select(c => (string)c!).ToList();
        Assert.Equal([colours[0], colours[1], colours[0], colours[1]], colours);
        Assert.NotEqual(colours[0], colours[1]);
        Assert.Equal([0, 0, 4, 4], options["stroke"]!["dashArray"]!.AsArray().Select(d => (int)d!));
        // Over filled areas the comparison is a line: a mixed chart.
        Assert.Equal(["area", "area", "line", "line"], options["series"]!.AsArray().Select(s => (string)s!["type"]!));
        Assert.NotEqual(ChartOptionsBuilder.Signature(spec), ChartOptionsBuilder.Signature(spec with { Series = [.. spec.Series.Select(s => s with { IsComparison = false })] }));
    }

    [Fact]
    public void Without_a_comparison_there_is_no_dash_and_no_series_type()
    {
        var options = Options(Spec(WorkChartType.Area));

        Assert.Null(options["stroke"]!["dashArray"]);
        Assert.Null(options["series"]![0]!["type"]);
    }

    [Fact]
    public void A_filled_area_starts_at_zero_unless_it_dips_below()
    {
        Assert.Equal(0, (int)Options(Spec(WorkChartType.Area, new ChartSeries("Sessions", [320, 310, 330])))["yaxis"]!["min"]!);
        Assert.Null(Options(Spec(WorkChartType.Area, new ChartSeries("Net", [320, -10, 330])))["yaxis"]);
        Assert.Null(Options(Spec(WorkChartType.Line, new ChartSeries("Sessions", [320, 310, 330])))["yaxis"]);
    }

    [Fact]
    public void Point_titles_go_to_the_tooltip_and_into_the_signature()
    {
        var spec = Spec() with { PointTitles = ["1 – 7 Dec", "8 – 14 Dec", "15 – 21 Dec"] };

        Assert.Equal("8 – 14 Dec", (string)Options(spec)["pointTitles"]![1]!);
        Assert.Null(Options(Spec())["pointTitles"]);
        Assert.NotEqual(ChartOptionsBuilder.Signature(Spec()), ChartOptionsBuilder.Signature(spec));
    }
}
