using Microsoft.AspNetCore.Identity;

namespace WorkPipelines.Domain.Identity;

/// <summary>A person who signs in. Workspaces and roles live in <see cref="Workspaces.Membership"/>.</summary>
public class AppUser : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>The workspace the user last switched to; validated against memberships on every use.</summary>
    public Guid? CurrentWorkspaceId { get; set; }

    public bool PrefersDarkMode { get; set; }

    public string Name => string.IsNullOrWhiteSpace(DisplayName) ? Email ?? UserName ?? Id : DisplayName;
}
