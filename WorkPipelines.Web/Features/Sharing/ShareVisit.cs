namespace WorkPipelines.Web.Features.Sharing;

/// <summary>
/// The share link a circuit (or request) was opened with; set by the shared page. <see cref="Components.Shared.ScopedWork"/> then
/// enters the link's workspace for each operation while the link is valid, so the dashboard's own components load a shared view
/// as they load a member's, and a revoked link stops every one of them at its next load.
/// </summary>
public sealed class ShareVisit
{
    /// <summary>The token from <c>/s/{token}</c>; never logged.</summary>
    public string? Token { get; set; }
}
