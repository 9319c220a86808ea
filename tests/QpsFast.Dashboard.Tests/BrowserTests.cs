using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Qps = QpsFast.Cli.Tests.Qps;

namespace QpsFast.Dashboard.Tests;

/// <summary>
/// <c>qps serve</c> in a real headless Chromium (the system's, apt <c>chromium</c>): the sessions page and a session
/// page follow a running <c>qps live</c>, the figures change while it runs and end equal to results_detailed.json, and
/// no page logs a console error, a torn and a missing session included.
/// </summary>
public sealed class BrowserTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-dashboard-").FullName;
    private readonly List<Process> _children = [];

    public void Dispose()
    {
        foreach (var p in _children.Where(p => !p.HasExited))
            p.Kill(entireProcessTree: true);
        Directory.Delete(_dir, recursive: true);
    }

    private static string? Chromium() =>
        Environment.GetEnvironmentVariable("QPS_CHROMIUM") is { Length: > 0 } path ? path
        : new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    private Uri Serve()
    {
        var serve = Qps.Start(_dir, "serve", "--logs", "logs", "--port", "0", "--lifetime-s", "300");
        _children.Add(serve);
        string first = serve.StandardOutput.ReadLine() ?? "";
        var match = Regex.Match(first, @"http://[\d.]+:\d+/");
        Assert.True(match.Success, $"qps serve printed '{first}' {(serve.HasExited ? serve.StandardError.ReadToEnd() : "")}");
        return new Uri(match.Value);
    }

    [SkippableFact]
    public async Task TheSessionPage_FollowsARunningSession_AndEndsOnItsReportFigures_WithNoConsoleErrors()
    {
        string? chromium = Chromium();
        Skip.If(chromium is null && Environment.GetEnvironmentVariable("CI") != "true", "skipped: no Chromium (apt install chromium)");
        Assert.True(chromium is not null, "CI needs Chromium: .ci/run installs it");

        // A torn session beside it: a finished journal with its seal cut off.
        Assert.Equal(0, Qps.Run(_dir, "live", "--session", "torn", "--days", "1").ExitCode);
        var segment = Directory.GetFiles(Path.Combine(_dir, "logs", "torn", "journal"), "*.lz4").Order().Last();
        using (var f = new FileStream(segment, FileMode.Open))
            f.SetLength(f.Length - 100);

        var live = Qps.Start(_dir, "live", "--session", "w", "--days", "1", "--speed", "3000x");
        _children.Add(live);
        var uri = Serve();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
        var errors = new List<string>();
        async Task<IPage> Open(string path)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
            page.Console += (_, m) => { if (m.Type == "error") errors.Add($"{path}: console: {m.Text}"); };
            page.PageError += (_, e) => errors.Add($"{path}: page error: {e}");
            await page.GotoAsync(new Uri(uri, path).ToString());
            return page;
        }

        var sessions = await Open("/");
        await sessions.WaitForSelectorAsync("#sessions tbody tr >> text=running", new() { Timeout = 30_000 });
        await sessions.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "dashboard-sessions.png"), FullPage = true });
        string list = await sessions.InnerTextAsync("#sessions");
        Assert.Contains("torn", list);

        var page = await Open("/sessions/w");
        await page.WaitForFunctionAsync("() => document.querySelector('#fills tbody').children.length > 0", null, new() { Timeout = 30_000 });
        string equity1 = await page.InnerTextAsync("#equity"), fills1 = await page.InnerTextAsync("#fills tbody");
        await Task.Delay(4000);
        string equity2 = await page.InnerTextAsync("#equity"), fills2 = await page.InnerTextAsync("#fills tbody");
        Assert.Equal("running", await page.InnerTextAsync("#state"));
        Assert.NotEqual(equity1, equity2);
        Assert.NotEqual(fills1, fills2);
        output.WriteLine($"while running: equity {equity1} -> {equity2} four seconds later; the fills table changed");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "dashboard-session.png"), FullPage = true });

        Assert.True(live.WaitForExit(TimeSpan.FromMinutes(3)), "the session ends");
        Assert.Equal(0, live.ExitCode);
        Assert.Equal(0, Qps.Run(_dir, "report", "--session", "w").ExitCode);
        await page.WaitForFunctionAsync("() => document.querySelector('#state').textContent === 'finished'", null, new() { Timeout = 30_000 });
        using var detailed = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "logs", "w", "results_detailed.json")));
        var portfolio = detailed.RootElement.GetProperty("portfolio");
        string Money(double v) => v.ToString("N2", CultureInfo.InvariantCulture);
        Assert.Equal(Money(portfolio.GetProperty("final_equity").GetDouble()), await page.InnerTextAsync("#equity"));
        Assert.Equal(portfolio.GetProperty("fills").GetInt64().ToString("N0", CultureInfo.InvariantCulture), await page.InnerTextAsync("#fill-count"));
        string books = await page.InnerTextAsync("#books");
        foreach (var alpha in detailed.RootElement.GetProperty("alphas").EnumerateObject())
            Assert.Contains($"{alpha.Name}\t{Money(alpha.Value.GetProperty("final_equity").GetDouble())}", books);
        output.WriteLine($"finished: equity {await page.InnerTextAsync("#equity")}, fills {await page.InnerTextAsync("#fill-count")}: equal to results_detailed.json");

        // A finished page opened afresh, the report metrics and link, the torn and the missing session.
        var finished = await Open("/sessions/w");
        await finished.WaitForSelectorAsync("#metrics tbody tr");
        await finished.WaitForSelectorAsync("#report a");
        var torn = await Open("/sessions/torn");
        await torn.WaitForFunctionAsync("() => !document.querySelector('#problem').hidden");
        Assert.Equal("torn", await torn.InnerTextAsync("#state"));
        Assert.Contains("records before it", await torn.InnerTextAsync("#problem"));
        var missing = await Open("/sessions/nope");
        Assert.Contains("No session 'nope'", await missing.InnerTextAsync("body"));
        await Task.Delay(1500); // late console messages
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
