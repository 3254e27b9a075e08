using System.Diagnostics;

namespace WorkPipelines.Benchmarks;

/// <summary>
/// Wall time and the process's CPU time (all its threads) side by side. On a machine shared with other work the wall time
/// says little; the CPU time a step costs this process holds up better (it includes the sandbox's threads serving it).
/// </summary>
internal sealed class BenchClock
{
    private readonly Stopwatch _wall = new();
    private TimeSpan _cpu;
    private TimeSpan _cpuAtStart;

    public static BenchClock StartNew()
    {
        var clock = new BenchClock();
        clock.Start();
        return clock;
    }

    public void Start()
    {
        _cpuAtStart = ProcessCpu();
        _wall.Start();
    }

    public void Stop()
    {
        _wall.Stop();
        _cpu += ProcessCpu() - _cpuAtStart;
    }

    public void Restart()
    {
        _wall.Reset();
        _cpu = TimeSpan.Zero;
        Start();
    }

    public TimeSpan Elapsed => _wall.Elapsed;

    public TimeSpan Cpu => _wall.IsRunning ? _cpu + (ProcessCpu() - _cpuAtStart) : _cpu;

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
