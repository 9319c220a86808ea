using System.CommandLine;
using System.Net;
using QpsFast.Dashboard;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps serve</c>: the read-only dashboard of the sessions under a logs folder (docs/dashboard.md).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var logs = new Option<string>("--logs") { Description = "The logs folder whose sessions are shown.", DefaultValueFactory = _ => "logs" };
        var port = new Option<int>("--port") { Description = "The TCP port (0: any free port, printed at start).", DefaultValueFactory = _ => 5180 };
        var bind = new Option<string>("--bind") { Description = "The address to listen on. Loopback by default; another address lets other machines read your sessions.", DefaultValueFactory = _ => "127.0.0.1" };
        var lifetime = new Option<int>("--lifetime-s") { Description = "Stop after this many seconds (0: run until Ctrl-C or SIGTERM).", DefaultValueFactory = _ => 0 };
        var cmd = new Command("serve", """
            A read-only web dashboard: every session under --logs with its state, time range, symbols, alphas, P&L, digest and replay verdict, and a page per session that follows it while it runs (equity curves, drawdown, open positions, the last signals, orders, fills, rejects and risk events, the kill switch, throughput), updated every second. It reads files only: it never starts, stops or changes a session.
            Example: qps serve --logs logs --port 5180   (then open http://127.0.0.1:5180/)
            """)
        {
            logs, port, bind, lifetime,
        };
        cmd.SetAction(parse =>
        {
            string dir = parse.GetValue(logs)!;
            if (File.Exists(dir))
                return ExitCodes.Usage($"--logs {dir}: a file, not a folder");
            if (!IPAddress.TryParse(parse.GetValue(bind), out var ip))
                return ExitCodes.Usage($"--bind '{parse.GetValue(bind)}': not an IP address");
            if (parse.GetValue(port) is < 0 or > 65535)
                return ExitCodes.Usage($"--port must be 0..65535 (got {parse.GetValue(port)})");
            int seconds = parse.GetValue(lifetime);
            if (seconds < 0)
                return ExitCodes.Usage($"--lifetime-s must be 0 or more (got {seconds})");
            // Out of the hot path: the dashboard yields the CPU to the sessions it watches (nice 19 on Linux). Lowering
            // one's own priority needs no privilege; where the OS refuses, it runs at normal priority.
            try
            {
                System.Diagnostics.Process.GetCurrentProcess().PriorityClass = System.Diagnostics.ProcessPriorityClass.Idle;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or PlatformNotSupportedException or InvalidOperationException)
            {
            }
            DashboardServer server;
            try
            {
                server = DashboardServer.StartAsync(dir, ip, parse.GetValue(port)).GetAwaiter().GetResult();
            }
            catch (IOException e)
            {
                return ExitCodes.Usage(e.Message.ReplaceLineEndings(" "));
            }
            Console.WriteLine($"qps serve: {server.Address} (read-only), sessions under {Path.GetFullPath(dir)}{(Directory.Exists(dir) ? "" : " (not there yet)")}");
            if (!IPAddress.IsLoopback(ip))
                Console.WriteLine($"  listening on {ip}: anyone who can reach this machine can read these sessions");
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            if (seconds > 0)
                stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            server.RunUntilAsync(stop.Token).GetAwaiter().GetResult();
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Console.WriteLine("qps serve: stopped");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
