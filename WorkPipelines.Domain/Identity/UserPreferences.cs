using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Identity;

/// <summary>Per-user settings of the UI, remembered across devices.</summary>
public sealed class UserPreferences(WorkDbContext db)
{
    public async Task<bool> GetDarkModeAsync(string userId, CancellationToken cancellationToken = default) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.PrefersDarkMode).SingleOrDefaultAsync(cancellationToken);

    public Task SetDarkModeAsync(string userId, bool darkMode, CancellationToken cancellationToken = default) =>
        db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.PrefersDarkMode, darkMode), cancellationToken);
}
