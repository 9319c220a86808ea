namespace QpsFast.Cli.Tests;

/// <summary>Issue 12's silent accepts in the verbs' arguments: each is now exit 2 with one line, before anything runs.</summary>
public sealed class UsageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-usage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SessionIdsOutsideTheLogsFolder_BothSessionAndDir_AndANegativeLimit_AreUsageErrors()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "x", "journal"));
        File.WriteAllText(Path.Combine(_dir, "afile"), "");
        var cases = new (string[] Args, string Expected)[]
        {
            (["replay", "--session", "../x"], "--session '../x' may hold only"),
            (["dump", "--session", "../x"], "--session '../x' may hold only"),
            (["journal", "verify", "--session", "a/b"], "--session 'a/b' may hold only"),
            (["journal", "repair", "--session", ".."], "--session '..' may hold only"),
            (["report", "--session", "../x"], "--session '../x' may hold only"),
            (["live", "--session", "../x", "--days", "1"], "--session '../x' may hold only"),
            (["demo", "--session", "x/y"], "--session 'x/y' may hold only"),
            (["dump", "--session", "s", "--dir", "x/journal"], "give --session or --dir, not both"),
            (["journal", "info", "--session", "s", "--dir", "x/journal"], "give --session or --dir, not both"),
            (["dump", "--dir", "x/journal", "--limit", "-1"], "--limit must be 0 or more"),
            (["live", "--ring-size", "1073741824", "--days", "1", "--no-journal"], "is above 1,048,576 slots"),
            (["live", "--logs", "afile", "--days", "1"], "--logs afile is a file"),
            (["demo", "--logs", "afile"], "--logs afile is a file"),
            (["live", "--logs", "/proc/qps-cannot-be-made", "--days", "1"], "--logs /proc/qps-cannot-be-made cannot be made"),
        };
        foreach (var (args, expected) in cases)
        {
            var r = Qps.Run(_dir, args);
            Assert.Equal((string.Join(' ', args), 2), (string.Join(' ', args), r.ExitCode));
            Assert.Contains(expected, r.Err);
            Assert.DoesNotContain("   at ", r.Err);
        }
        Assert.False(Directory.Exists(Path.Combine(_dir, "logs")), "nothing was written");
    }

    [Fact]
    public void TheSameDataFileTwice_IsRefused()
    {
        var gen = Qps.Run(_dir, "generate", "--days", "1", "--out", "gen");
        Assert.True(gen.ExitCode == 0, gen.Err);
        Directory.CreateDirectory(Path.Combine(_dir, "data"));
        File.Copy(Path.Combine(_dir, "gen", "market.qpsr"), Path.Combine(_dir, "m.qpsr"));
        File.Copy(Path.Combine(_dir, "gen", "market.qpsr"), Path.Combine(_dir, "data", "m.qpsr"));
        foreach (var args in new[] { new[] { "m.qpsr", "m.qpsr" }, ["data", "data/m.qpsr"] })
        {
            var r = Qps.Run(_dir, ["live", "--no-journal", "--data", .. args]);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("given twice", r.Err);
        }
    }

    [Fact]
    public void AWhatIfReplay_WritesBesideTheOfficialResults_NeverOverThem()
    {
        Assert.Equal(0, Qps.Run(_dir, "live", "--session", "w", "--days", "1").ExitCode);
        Assert.Equal(0, Qps.Run(_dir, "replay", "--session", "w").ExitCode);
        string official = Path.Combine(_dir, "logs", "w", "results.json");
        byte[] before = File.ReadAllBytes(official);
        File.WriteAllText(Path.Combine(_dir, "other.json"), """{ "alphas": { "pairs": { "entryZ": 2.5 } } }""");
        var whatIf = Qps.Run(_dir, "replay", "--session", "w", "--config", "other.json");
        Assert.Equal(1, whatIf.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(official));
        Assert.Contains("\"verdict\": \"FAIL\"", File.ReadAllText(Path.Combine(_dir, "logs", "w", "results-what-if.json")));
        Assert.Contains("results-what-if.json", whatIf.Out);
    }

    [Fact]
    public void Report_SaysStale_WhenTheJournalChangedAfterTheReplay_AndNamesACorruptResultsFile()
    {
        Assert.Equal(0, Qps.Run(_dir, "live", "--session", "a", "--days", "1").ExitCode);
        Assert.Equal(0, Qps.Run(_dir, "replay", "--session", "a").ExitCode);
        Assert.Contains("replay   PASS", Qps.Run(_dir, "report", "--session", "a").Out);
        // The session run again on other data after its journal was deleted: the old verdict no longer applies. (Another
        // session's journal moved in is refused outright: HostilePassFindings.)
        Directory.Delete(Path.Combine(_dir, "logs", "a", "journal"), true);
        Assert.Equal(0, Qps.Run(_dir, "live", "--session", "a", "--days", "1", "--seed", "7").ExitCode);
        var stale = Qps.Run(_dir, "report", "--session", "a");
        Assert.True(stale.ExitCode == 0, stale.Err);
        Assert.Contains("replay   STALE", stale.Out);
        Assert.Contains("\"verdict\": \"STALE\"", File.ReadAllText(Path.Combine(_dir, "logs", "a", "results_detailed.json")));
        File.WriteAllText(Path.Combine(_dir, "logs", "a", "results.json"), "{ not json");
        var corrupt = Qps.Run(_dir, "report", "--session", "a");
        Assert.Equal(1, corrupt.ExitCode);
        Assert.Contains("results.json: not a results.json written by qps replay", corrupt.Err);
        Assert.DoesNotContain("   at ", corrupt.Err);
    }

    [Fact]
    public void TheDemo_MarksItsFiveDayAnnualizedFigures_NotReliable()
    {
        var demo = Qps.Run(_dir, "demo", "--session", "d");
        Assert.True(demo.ExitCode == 0, demo.Err);
        Assert.Contains("5 daily returns", demo.Out);
        Assert.Contains("not reliable", demo.Out);
        string detailed = File.ReadAllText(Path.Combine(_dir, "logs", "d", "results_detailed.json"));
        Assert.Contains("\"reliable\": false", detailed);
        Assert.DoesNotContain("\"reliable\": true", detailed);
        Assert.Contains("class=\"unreliable\"", File.ReadAllText(Path.Combine(_dir, "logs", "d", "report.html")));
    }

    [Fact]
    public void APairsSymbolTheDataLacks_AndBadFlushWindows_AreUsageErrors_WithNothingWritten()
    {
        File.WriteAllText(Path.Combine(_dir, "pairs.json"), """{ "alphas": { "pairs": { "symbolB": 7 } } }""");
        var pairs = Qps.Run(_dir, "live", "--session", "p", "--days", "1", "--config", "pairs.json");
        Assert.Equal(2, pairs.ExitCode);
        Assert.Contains("$.alphas.pairs.symbolB: symbol 7 does not exist: the data has 4 symbol(s)", pairs.Err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "logs", "p", "journal")) && Directory.EnumerateFiles(Path.Combine(_dir, "logs", "p", "journal"), "*.lz4").Any());
        foreach (var bad in new[] { "-1", "60001", "x" })
        {
            var r = Qps.Run(_dir, "live", "--session", "f", "--days", "1", "--flush-ms", bad);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("--flush-ms", r.Err);
        }
        var venue = Qps.Run(_dir, "live", "--venue", "127.0.0.1:1", "--flush-ms", "50");
        Assert.Equal(2, venue.ExitCode);
        Assert.Contains("--flush-ms", venue.Err);
    }

    [Fact]
    public void AJournalCutShort_VerifiesAndReplaysOnlyWithPrefix_AsPartial()
    {
        Assert.Equal(0, Qps.Run(_dir, "live", "--session", "c", "--days", "1").ExitCode);
        var segment = Directory.GetFiles(Path.Combine(_dir, "logs", "c", "journal"), "*.lz4").Single();
        var bytes = File.ReadAllBytes(segment);
        File.WriteAllBytes(segment, bytes[..^1]); // the final seal's last byte gone: as if the end never came
        var verify = Qps.Run(_dir, "journal", "verify", "--session", "c");
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("does not end with the session's end", verify.Err);
        var prefix = Qps.Run(_dir, "journal", "verify", "--session", "c", "--prefix");
        Assert.Equal(0, prefix.ExitCode);
        Assert.Contains("PARTIAL", prefix.Out);
        var replay = Qps.Run(_dir, "replay", "--session", "c");
        Assert.Equal(1, replay.ExitCode);
        Assert.Contains("verdict  PARTIAL", replay.Out);
        Assert.Single(replay.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var results = File.ReadAllText(Path.Combine(_dir, "logs", "c", "results.json"));
        Assert.Contains("\"verdict\": \"PARTIAL\"", results);
        Assert.Contains("\"journal_complete\": false", results);
        Assert.Equal(0, Qps.Run(_dir, "replay", "--session", "c", "--prefix").ExitCode);
        // The report shows the verdict as PARTIAL, never PASS.
        var report = Qps.Run(_dir, "report", "--session", "c");
        Assert.Contains("replay   PARTIAL", report.Out);
    }

    [Fact]
    public void AJournalFolderWithNoSegment_ACorruptLiveJson_AndASessionPathThatIsAFile_AreOneLineEach()
    {
        // A folder left by a kill before the first frame: every verb says so in one line, exit 1 (a data problem).
        Directory.CreateDirectory(Path.Combine(_dir, "logs", "e", "journal"));
        foreach (var verb in new[] { new[] { "replay" }, ["dump"], ["report"], ["journal", "info"], ["journal", "verify"], ["journal", "repair"] })
        {
            var r = Qps.Run(_dir, [.. verb, "--session", "e"]);
            Assert.True(r.ExitCode == 1, $"{string.Join(' ', verb)}: exit {r.ExitCode}: {r.Err}");
            Assert.Contains("no 'records' journal segments", r.Err);
            Assert.DoesNotContain("Exception", r.Err);
        }
        Assert.Equal(0, Qps.Run(_dir, "live", "--session", "l", "--days", "1").ExitCode);
        File.WriteAllText(Path.Combine(_dir, "logs", "l", "live.json"), "{garbage");
        var report = Qps.Run(_dir, "report", "--session", "l");
        Assert.Equal(1, report.ExitCode);
        Assert.Contains("live.json: not a live.json written by qps live", report.Err);
        Assert.False(File.Exists(Path.Combine(_dir, "logs", "l", "report.html")));
        File.WriteAllText(Path.Combine(_dir, "logs", "pf"), "");
        var live = Qps.Run(_dir, "live", "--session", "pf", "--days", "1");
        Assert.Equal(2, live.ExitCode);
        Assert.Contains("is a file, not a folder", live.Err);
    }

    [Fact]
    public void ReversedNegativeAndOutOfRangeDumpFilters_AreUsageErrors()
    {
        // Before: each printed nothing, silently, with exit 0.
        Assert.Equal(0, Qps.Run(_dir, "live", "--session", "d", "--days", "1").ExitCode);
        foreach (var (args, message) in new[]
        {
            (new[] { "--from", "10", "--to", "5" }, "--from 10 is after --to 5"),
            (["--from", "-3"], "--from must be 0 to"),
            (["--to", "-1"], "--to must be 0 to"),
            (["--symbol", "-1"], "--symbol must be 0 to 65534"),
            (["--source", "300"], "--source must be 0 to 255"),
            (["--since", "2020-01-02", "--until", "2020-01-01"], "is after --until"),
        })
        {
            var r = Qps.Run(_dir, ["dump", "--session", "d", .. args]);
            Assert.True(r.ExitCode == 2, $"{string.Join(' ', args)}: exit {r.ExitCode} {r.Err}");
            Assert.Contains(message, r.Err);
            Assert.Equal("", r.Out);
        }
    }

    [Fact]
    public void Report_NamesItsConventions_AndTakesPeriodsRiskFreeAndRequiredReturn()
    {
        Assert.Equal(0, Qps.Run(_dir, "live", "--session", "m", "--days", "7").ExitCode); // from Monday 2024-01-01: a weekend
        var report = Qps.Run(_dir, "report", "--session", "m", "--periods-per-year", "auto", "--risk-free", "0.04");
        Assert.True(report.ExitCode == 0, report.Err);
        // The synthetic market trades at weekends: auto infers 365 calendar days.
        Assert.Contains("conventions: annualized over 365 calendar days (inferred: the data trades at weekends)", report.Out);
        using var detailed = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "logs", "m", "results_detailed.json")));
        var conventions = detailed.RootElement.GetProperty("conventions");
        Assert.Equal(365, conventions.GetProperty("periods_per_year").GetDouble());
        Assert.Equal(Math.Pow(1.04, 1.0 / 365) - 1, conventions.GetProperty("risk_free_per_period").GetDouble(), 12);
        var portfolio = detailed.RootElement.GetProperty("portfolio");
        foreach (var key in new[] { "downside_risk", "omega", "tail_ratio", "stability", "value_at_risk_95", "conditional_value_at_risk_95", "interval_sharpe", "alpha", "beta" })
            Assert.True(portfolio.TryGetProperty(key, out _), key);
        Assert.True(portfolio.GetProperty("interval_returns").GetInt32() >= 100, "hourly marks over seven days");
        var rolling = portfolio.GetProperty("rolling_sharpe");
        Assert.Equal(24, rolling.GetProperty("window_marks").GetInt32()); // hourly marks: a day is 24
        var points = rolling.GetProperty("points").EnumerateArray().ToArray();
        Assert.True(points.Length >= 7 * 24 - 24 - 2, $"{points.Length} rolling-Sharpe points over seven days of hourly marks");
        var times = points.Select(p => p.GetProperty("time").GetString()!).ToArray();
        Assert.Equal(times.Order(StringComparer.Ordinal), times);
        Assert.All(points, p => Assert.True(double.IsFinite(p.GetProperty("sharpe").GetDouble())));
        var html = File.ReadAllText(Path.Combine(_dir, "logs", "m", "report.html"));
        Assert.Contains("Sharpe (marks)", html);
        // The tearsheet's sections (tools/check-report.sh also checks them in the rendered page).
        foreach (var id in new[] { "conventions", "monthly", "drawdowns", "rolling-sharpe", "exposure", "contribution", "trade-histogram", "fills-chart" })
            Assert.Contains($"id=\"{id}\"", html);
        Assert.True(double.IsFinite(portfolio.GetProperty("beta").GetDouble()), "beta against buy and hold of the first symbol");
        var other = Qps.Run(_dir, "report", "--session", "m", "--chart-symbol", "NOPE");
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("no symbol 'NOPE'", other.Err);
        Assert.Equal(0, Qps.Run(_dir, "report", "--session", "m", "--benchmark", "TREND").ExitCode);
        Assert.Contains("buy and hold of TREND", File.ReadAllText(Path.Combine(_dir, "logs", "m", "results_detailed.json")));
        Assert.Equal(2, Qps.Run(_dir, "report", "--session", "m", "--benchmark", "NOPE").ExitCode);
        foreach (var (option, value) in new[] { ("--periods-per-year", "250"), ("--risk-free", "-1"), ("--required-return", "NaN") })
        {
            var bad = Qps.Run(_dir, "report", "--session", "m", option, value);
            Assert.Equal(2, bad.ExitCode);
            Assert.True(bad.Err.Contains(option, StringComparison.Ordinal) || bad.Err.Contains($"'{value}'", StringComparison.Ordinal), bad.Err);
        }
    }

    [Fact]
    public void HostilePassFindings_AreOneLineEach_AndNothingStaleOrForeignPasses()
    {
        // Found by a hostile pass: numbers the parser cannot read crashed in an option validator (a stack trace);
        // "0,04" was read as 4; another session's journal verified as this one's; --no-journal replaced a journaled
        // session's live.json; a failed replay left the old PASS in results.json.
        Assert.Equal(0, Qps.Run(_dir, "live", "--session", "s", "--days", "1").ExitCode);
        Assert.Equal(0, Qps.Run(_dir, "live", "--session", "o", "--days", "1", "--seed", "7").ExitCode);
        foreach (var args in new[] { new[] { "report", "--session", "s", "--risk-free", "abc" }, ["report", "--session", "s", "--risk-free", "0,04"], ["dump", "--session", "s", "--symbol", "abc"], ["dump", "--session", "s", "--to", "99999999999999999999"] })
        {
            var r = Qps.Run(_dir, args);
            Assert.True(r.ExitCode == 2, $"{string.Join(' ', args)}: exit {r.ExitCode} {r.Err}");
        }
        var noJournal = Qps.Run(_dir, "live", "--session", "s", "--days", "1", "--no-journal");
        Assert.Equal(2, noJournal.ExitCode);
        Assert.Contains("already has a journal", noJournal.Err);
        Assert.Equal(0, Qps.Run(_dir, "replay", "--session", "s").ExitCode);
        var results = Path.Combine(_dir, "logs", "s", "results.json");
        Assert.True(File.Exists(results));
        var segment = Directory.GetFiles(Path.Combine(_dir, "logs", "s", "journal"), "*.lz4").Single();
        var saved = File.ReadAllBytes(segment);
        var damaged = (byte[])saved.Clone();
        damaged[damaged.Length / 2] ^= 0xFF;
        File.WriteAllBytes(segment, damaged);
        var failed = Qps.Run(_dir, "replay", "--session", "s");
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("results.json was removed", failed.Err);
        Assert.False(File.Exists(results));
        // Session o's segment copied over s's: nothing calls it s's.
        File.Copy(Directory.GetFiles(Path.Combine(_dir, "logs", "o", "journal"), "*.lz4").Single(), segment, overwrite: true);
        foreach (var args in new[] { new[] { "replay", "--session", "s" }, ["journal", "verify", "--session", "s"], ["report", "--session", "s"] })
        {
            var r = Qps.Run(_dir, args);
            Assert.True(r.ExitCode == 1, $"{string.Join(' ', args)}: exit {r.ExitCode} {r.Out} {r.Err}");
            Assert.Contains("holds the journal of session 'o'", r.Err);
        }
    }
}
