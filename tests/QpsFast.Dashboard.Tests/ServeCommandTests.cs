using System.Net;
using System.Net.Sockets;
using Qps = QpsFast.Cli.Tests.Qps;

namespace QpsFast.Dashboard.Tests;

/// <summary><c>qps serve</c>'s bad input: one line, exit 2, nothing served; and the JSON API's answers to bad ids.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("--bind|nope", "--bind 'nope': not an IP address")]
    [InlineData("--bind|10.255.255.1|--port|0", "cannot listen on 10.255.255.1:0")]
    [InlineData("--port|70000", "--port must be 0..65535")]
    [InlineData("--logs|afile", "--logs afile: a file, not a folder")]
    [InlineData("--lifetime-s|-1", "--lifetime-s must be 0 or more")]
    public void BadInput_IsOneLine_Exit2(string args, string message)
    {
        File.WriteAllText(Path.Combine(_dir, "afile"), "");
        var r = Qps.Run(_dir, ["serve", .. args.Split('|')]);
        Assert.True(r.ExitCode == 2, $"{args}: exit {r.ExitCode} {r.Out} {r.Err}");
        Assert.Contains(message, r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
    }

    [Fact]
    public async Task APortInUse_IsRefused_AndTheApiAnswersBadIdsWith404Json()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var r = Qps.Run(_dir, "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--lifetime-s", "5");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", r.Err);

        // A session whose side files are not what qps writes is shown without them, never a 500 for the whole list.
        string odd = Path.Combine(_dir, "logs", "odd");
        Directory.CreateDirectory(Path.Combine(odd, "journal"));
        File.WriteAllText(Path.Combine(odd, "live.json"), "[]");
        File.WriteAllText(Path.Combine(odd, "latency.json"), """{"orders":"many","p50":[1]}""");
        File.WriteAllText(Path.Combine(odd, "results.json"), "{ not json");
        await using var server = await DashboardServer.StartAsync(Path.Combine(_dir, "logs"), IPAddress.Loopback, 0);
        using var http = new HttpClient { BaseAddress = server.Address };
        foreach (var (path, status, says) in new[]
        {
            ("/api/sessions", HttpStatusCode.OK, "\"id\":\"odd\""),
            ("/api/sessions/odd", HttpStatusCode.OK, "unreadable results.json"),
            ("/api/sessions/odd/extra", HttpStatusCode.NotFound, "no such API"),
            ("/api/sessions/nope", HttpStatusCode.NotFound, "no session 'nope'"),
            ("/api/sessions/%2E%2E%2Fetc", HttpStatusCode.NotFound, "not a session id"),
            ("/sessions/nope", HttpStatusCode.OK, "No session &#39;nope&#39;"),
            ("/sessions/%3Cscript%3E", HttpStatusCode.OK, "That is not a session id"),
            ("/no/such/page", HttpStatusCode.OK, "There is no page here"),
        })
        {
            var response = await http.GetAsync(path);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"{path}: {response.StatusCode} {body}");
            Assert.Contains(says, body);
            Assert.DoesNotContain("   at ", body);
            Assert.DoesNotContain("'<script>'", body); // an id is put in as text
        }
    }
}
