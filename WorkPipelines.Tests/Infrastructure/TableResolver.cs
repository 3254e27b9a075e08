using System.Net;
using System.Net.Sockets;
using WorkPipelines.Domain.Outbound;

namespace WorkPipelines.Tests.Infrastructure;

/// <summary>DNS for tests: names answer what the table says, in turn (so a name can rebind between two lookups); others are not found.</summary>
public sealed class TableResolver(Dictionary<string, IPAddress[][]> answers) : IHostResolver
{
    private readonly Dictionary<string, int> _asked = [];

    public int TimesAsked(string host) => _asked.GetValueOrDefault(host);

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        lock (_asked)
        {
            var turn = _asked[host] = _asked.GetValueOrDefault(host) + 1;
            if (!answers.TryGetValue(host, out var turns)) throw new SocketException((int)SocketError.HostNotFound);
            return Task.FromResult(turns[Math.Min(turn, turns.Length) - 1]);
        }
    }

    public static IPAddress[] Addresses(params string[] addresses) => addresses.Select(IPAddress.Parse).ToArray();
}
