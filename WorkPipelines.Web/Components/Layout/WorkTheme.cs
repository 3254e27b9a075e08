using MudBlazor;

namespace WorkPipelines.Web.Components.Layout;

/// <summary>The product's palette, light and dark, with the status colours of the design.</summary>
public static class WorkTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3f51b5",
            Secondary = "#00897b",
            AppbarBackground = "#ffffff",
            AppbarText = "#1f2937",
            Background = "#f6f7fb",
            DrawerBackground = "#ffffff",
            Success = "#2e7d32",
            Error = "#c62828",
            Warning = "#ef6c00",
            Info = "#1565c0",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            Secondary = "#4db6ac",
            AppbarBackground = "#1e1f26",
            Background = "#15161b",
            Surface = "#1e1f26",
            DrawerBackground = "#1e1f26",
            Success = "#66bb6a",
            Error = "#ef5350",
            Warning = "#ffa726",
            Info = "#42a5f5",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
