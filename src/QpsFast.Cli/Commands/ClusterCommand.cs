using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using QpsFast.Cluster;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps cluster silo</c>: a worker process of a sweep cluster (an Orleans silo).</summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var address = new Option<string>("--address") { Description = "The address to listen on and advertise to the other silos and clients.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Silo-to-silo port.", DefaultValueFactory = _ => 11111 };
        var gateway = new Option<int>("--gateway-port") { Description = "The port clients (qps sweep --cluster HOST:PORT) connect to.", DefaultValueFactory = _ => 30000 };
        var seed = new Option<string?>("--seed-node") { Description = "HOST:PORT of the primary silo's --port; omit on the primary itself." };
        var clusterId = new Option<string>("--cluster-id") { Description = "Silos and clients of one cluster share it.", DefaultValueFactory = _ => "qpsfast" };
        var lifetime = new Option<int>("--lifetime-s") { Description = "Stop after this many seconds (0: run until stopped, Ctrl-C or SIGTERM).", DefaultValueFactory = _ => 0 };
        var silo = new Command("silo", """
            Runs a worker silo of a sweep cluster (Microsoft Orleans): it runs the trials that qps sweep --cluster sends, on market data it reads once (the same path on every machine, or synthetic). Start the primary first, then the others with --seed-node PRIMARY:PORT.
            Example: qps cluster silo --port 11111 --gateway-port 30000 ; qps cluster silo --port 11112 --gateway-port 30001 --seed-node 127.0.0.1:11111
            """)
        {
            address, port, gateway, seed, clusterId, lifetime,
        };
        silo.SetAction(parse =>
        {
            if (!IPAddress.TryParse(parse.GetValue(address), out var ip))
                return ExitCodes.Usage($"--address '{parse.GetValue(address)}': not an IP address");
            foreach (var (name, value) in new[] { ("--port", parse.GetValue(port)), ("--gateway-port", parse.GetValue(gateway)) })
            {
                if (value is < 1 or > 65535)
                    return ExitCodes.Usage($"{name} must be 1..65535 (got {value})");
            }
            if (parse.GetValue(port) == parse.GetValue(gateway))
                return ExitCodes.Usage("--port and --gateway-port must differ");
            int seconds = parse.GetValue(lifetime);
            if (seconds < 0)
                return ExitCodes.Usage($"--lifetime-s must be 0 or more (got {seconds})");
            IPEndPoint? seedNode = null;
            if (parse.GetValue(seed) is { } s && !TryEndPoint(s, out seedNode, out string problem))
                return ExitCodes.Usage($"--seed-node {problem}");
            var options = new SiloOptions(ip, parse.GetValue(port), parse.GetValue(gateway), seedNode, parse.GetValue(clusterId)!);
            using var host = ClusterHosting.Silo(options);
            SweepWorkerGrain.Started = trials => Console.WriteLine($"started trials {string.Join(",", trials)}");
            SweepWorkerGrain.LoadStrategies = (args, symbols) => StrategyLoader.Load([.. args.Paths], [.. args.Configs], symbols);
            try
            {
                host.StartAsync().GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is SocketException or OrleansException or InvalidOperationException or TimeoutException)
            {
                Console.Error.WriteLine($"error: the silo could not start on {ip}:{options.SiloPort}/{options.GatewayPort}: {e.Message.ReplaceLineEndings(" ")}");
                return ExitCodes.VerificationFailed;
            }
            Console.WriteLine($"silo ready: silo {ip}:{options.SiloPort}, gateway {ip}:{options.GatewayPort}, cluster {options.ClusterId}, {(seedNode is null ? "primary" : $"seed node {seedNode}")}");
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            if (seconds > 0)
                stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            stop.Token.WaitHandle.WaitOne();
            host.StopAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            Console.WriteLine("silo stopped");
            return ExitCodes.Ok;
        });
        return new Command("cluster", "A cluster of worker processes for qps sweep --cluster (docs/cluster.md).") { silo };
    }

    /// <summary>Parses HOST:PORT (HOST an address or a name) into an endpoint.</summary>
    public static bool TryEndPoint(string text, out IPEndPoint endPoint, out string problem)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        problem = "";
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p is < 1 or > 65535)
        {
            problem = $"'{text}': expected HOST:PORT with PORT 1..65535";
            return false;
        }
        string host = text[..colon];
        if (!IPAddress.TryParse(host, out var ip))
        {
            try
            {
                ip = Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
            }
            catch (SocketException)
            {
                ip = null;
            }
            if (ip is null)
            {
                problem = $"'{text}': no IPv4 address for '{host}'";
                return false;
            }
        }
        endPoint = new IPEndPoint(ip, p);
        return true;
    }
}
