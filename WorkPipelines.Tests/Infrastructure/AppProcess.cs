using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace WorkPipelines.Tests.Infrastructure;

/// <summary>
/// The real app as a child process (<c>dotnet WorkPipelines.Web.dll</c>) on a free loopback port,
/// so a test can kill it the way an operating system does: SIGKILL (no shutdown code runs) or
/// SIGTERM (the host's graceful stop). The Web build output sits beside the test assembly because
/// the test project references it; the bin folder is the content root, so no static files are needed.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 200;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private readonly string _home;

    private AppProcess(Process process, Uri rootUri, string home)
    {
        _process = process;
        _home = home;
        RootUri = rootUri;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
    }

    /// <summary>Root URL, e.g. http://127.0.0.1:41234/.</summary>
    public Uri RootUri { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Raised for every console line the app writes (on the output reader's thread), e.g. to count log events.</summary>
    public event Action<string>? LineWritten;

    /// <summary>The newest console lines of the app, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>
    /// Starts the app on <paramref name="databasePath"/> in a Production environment with
    /// <paramref name="settings"/> (configuration keys, e.g. <c>Pipelines:LeaseDuration</c>) and
    /// waits until <c>/health</c> answers 200.
    /// </summary>
    public static async Task<AppProcess> StartAsync(string databasePath, IReadOnlyDictionary<string, string> settings, TimeSpan? startDeadline = null)
    {
        var bin = AppContext.BaseDirectory;
        var webDll = Path.Combine(bin, "WorkPipelines.Web.dll");
        Assert.True(File.Exists(webDll), $"the Web build output is not beside the tests: {webDll}");

        var rootUri = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}/");
        var start = new ProcessStartInfo(DotnetHost(), [webDll, "--contentRoot", bin])
        {
            WorkingDirectory = bin,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var environment = start.Environment;
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["DOTNET_ENVIRONMENT"] = "Production";
        environment["ASPNETCORE_URLS"] = rootUri.ToString().TrimEnd('/');
        environment["ConnectionStrings__Work"] = $"Data Source={databasePath}";
        environment["Demo__Enabled"] = "false";
        // A home of its own: state an instance keeps outside the database (the default Data Protection key
        // ring lives in ~/.aspnet) is not shared by accident, as on two machines.
        var home = Directory.CreateTempSubdirectory("workpipelines-home-").FullName;
        environment["HOME"] = home;
        foreach (var (key, value) in settings) environment[key.Replace(":", "__")] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.Start();
        var app = new AppProcess(process, rootUri, home);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await app.WaitUntilHealthyAsync(startDeadline ?? TimeSpan.FromSeconds(60));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>A client with no credentials.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = RootUri, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Registers a user (admin of a new workspace) and returns a bearer-token client.</summary>
    public async Task<HttpClient> RegisterAsync(string email, string password)
    {
        using var anonymous = CreateClient();
        var registered = await anonymous.PostAsJsonAsync("api/auth/register", new { email, password });
        Assert.True(registered.IsSuccessStatusCode, $"register {registered.StatusCode}: {await registered.Content.ReadAsStringAsync()}");
        return await SignInAsync(email, password);
    }

    public async Task<HttpClient> SignInAsync(string email, string password)
    {
        using var anonymous = CreateClient();
        var login = await anonymous.PostAsJsonAsync("api/auth/login", new { email, password });
        Assert.True(login.IsSuccessStatusCode, $"login {login.StatusCode}: {await login.Content.ReadAsStringAsync()}");
        var token = (await login.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>SIGKILL: the process dies at once; no shutdown code, no lease release.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM, as systemd or Docker stop a service, then waits for the host's graceful stop to end.</summary>
    public async Task StopGracefullyAsync(TimeSpan deadline)
    {
        using (var kill = Process.Start("kill", $"-TERM {_process.Id}"))
            await kill.WaitForExitAsync();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the app did not exit within {deadline} of SIGTERM; last output:\n{Output}");
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan deadline)
    {
        using var client = CreateClient();
        client.Timeout = TimeSpan.FromSeconds(5);
        var until = DateTime.UtcNow + deadline;
        string last = "no answer yet";
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
                Assert.Fail($"the app exited with code {_process.ExitCode} before it was healthy; output:\n{Output}");
            try
            {
                using var response = await client.GetAsync("health");
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"{(int)response.StatusCode} {response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"/health did not answer 200 within {deadline} (last: {last}); output:\n{Output}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        LineWritten?.Invoke(line);
        _output.Enqueue(line);
        while (_output.Count > OutputLinesKept) _output.TryDequeue(out _);
    }

    /// <summary>The dotnet host running the tests (the SDK sets DOTNET_HOST_PATH), else dotnet on the PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
        : "dotnet";

    // The port is free when asked; another process could take it before the app binds, in which
    // case the app exits and StartAsync fails with its output. Nothing listens there afterwards.
    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException) { } // already gone
        _process.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    private sealed record TokenResponse(string AccessToken);
}
