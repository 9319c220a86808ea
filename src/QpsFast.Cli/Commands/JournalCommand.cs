using System.CommandLine;
using QpsFast.Journal;
using ZLogger;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps journal info|verify|repair</c>.</summary>
internal static class JournalCommand
{
    public static Command Create()
    {
        var journal = new Command("journal", "Inspect, verify or repair a session's journal segments.");
        var prefix = new Option<bool>("--prefix") { Description = "Accept a journal that does not end with the session's end (a crash, a lost last segment): report the intact prefix as PARTIAL, exit 0." };
        var force = new Option<bool>("--force") { Description = "Cut the torn tail even when valid frames lie beyond the bad one (they are kept in a <segment>.cut-at-<offset> file)." };
        journal.Subcommands.Add(Verb("info", "Lists the segments: size, records, sequence range, sealed or not; totals and compression.", (path, _, _) => Info(path)));
        journal.Subcommands.Add(Verb("verify", """
            Reads every frame and checks every checksum, sequence and stream digest, and that the journal ends with the
            session's end. Exit 0 if intact and complete, 1 with the location otherwise (with --prefix: 0 for an intact
            prefix, reported as PARTIAL).
            """, (path, _, p) => Verify(path, p.GetValue(prefix)), prefix));
        journal.Subcommands.Add(Verb("repair", """
            Under the journal's lock (refused, exit 2, while a writer holds it), cuts a torn tail (a crash mid-write)
            back to the last good frame. Sealed segments are never changed. If valid frames lie beyond the bad one it
            says exactly which and changes nothing (exit 1) unless --force. Logs what it did to the session's qps.log.
            """, (path, log, p) => Repair(path, log, p.GetValue(force)), force));
        return journal;
    }

    private static Command Verb(string name, string description, Func<string, string, ParseResult, int> action, params Option[] extra)
    {
        var session = Sessions.Checked(new Option<string?>("--session") { Description = "The session (logs/<session>/journal)." });
        var dir = new Option<string?>("--dir") { Description = "A journal folder, instead of --session." };
        var logs = new Option<string>("--logs") { Description = "The folder of session logs.", DefaultValueFactory = _ => "logs" };
        var cmd = new Command(name, $"{description}\nExample: qps journal {name} --session demo") { session, dir, logs };
        foreach (var option in extra)
            cmd.Options.Add(option);
        Sessions.OneOf(cmd, session, dir);
        cmd.SetAction(parse =>
        {
            string? path = parse.GetValue(dir) ?? (parse.GetValue(session) is { } s ? Sessions.JournalDirectory(parse.GetValue(logs)!, s) : null);
            if (path is null)
            {
                Console.Error.WriteLine("error: give --session ID or --dir DIR");
                return ExitCodes.BadUsage;
            }
            if (!Directory.Exists(path))
            {
                Console.Error.WriteLine($"error: {path}: no such journal folder");
                return ExitCodes.BadUsage;
            }
            try
            {
                // Where the session log is: the session's folder, or for --dir the journal's session folder (the
                // parent of a folder named "journal") or else the journal folder itself.
                string logDir = parse.GetValue(dir) is null && parse.GetValue(session) is { } id ? Sessions.Directory(parse.GetValue(logs)!, id)
                    : Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path))) == "journal" ? Path.GetDirectoryName(Path.GetFullPath(path))! : path;
                return action(path, logDir, parse);
            }
            catch (JournalLockedException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadUsage;
            }
            catch (JournalCorruptException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.VerificationFailed;
            }
            catch (FileNotFoundException e)
            {
                // A journal folder with no segment: the session's data is missing (a data problem, like replay's).
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.VerificationFailed;
            }
        });
        return cmd;
    }

    private static int Info(string dir)
    {
        var reader = JournalReader.Open(dir);
        reader.Read(static _ => { });
        Console.WriteLine($"journal {Path.GetFullPath(dir)}: {reader.SegmentPaths.Count} segment(s), {reader.RecordCount:N0} records, sequences 0..{reader.LastSequence}");
        foreach (var s in reader.Summaries)
            Console.WriteLine($"  {Path.GetFileName(s.Path),-36} {s.Bytes,14:N0} bytes {s.Records,12:N0} records  {s.FirstSequence,10}..{s.LastSequence,-10} {(s.Sealed ? "sealed" : "open")}");
        long raw = reader.RecordCount * 64;
        Console.WriteLine($"  compressed {reader.Bytes:N0} of {raw:N0} raw bytes ({(raw == 0 ? 0 : (double)reader.Bytes / raw):P1})");
        if (reader.TornTail is { } t)
            Console.WriteLine($"  torn tail: {Path.GetFileName(t.Segment)} offset {t.Offset}: {t.Problem}; last good sequence {t.LastGoodSequence} (run 'qps journal repair')");
        var manifest = reader.Configuration;
        Console.WriteLine($"  manifest {(manifest.Length > 120 ? manifest[..120] + "…" : manifest)}");
        return ExitCodes.Ok;
    }

    private static int Verify(string dir, bool prefix)
    {
        var reader = JournalReader.Open(dir);
        reader.Read(static _ => { });
        // A session's journal names its session in its manifest: one copied in from another session is not this one's.
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir));
        if (Path.GetFileName(full) == "journal" && Path.GetFileName(Path.GetDirectoryName(full)) is { Length: > 0 } expected
            && TryManifestSession(reader.Configuration) is { } recorded && recorded != expected)
        {
            Console.Error.WriteLine(Sessions.ForeignJournal(dir, recorded, expected));
            return ExitCodes.VerificationFailed;
        }
        if (!reader.Complete)
        {
            if (!prefix)
            {
                Console.Error.WriteLine($"error: {dir}: the journal does not end with the session's end: {reader.EndProblem}; its frames are intact up to sequence {reader.LastSequence} (give --prefix to accept that prefix)");
                return ExitCodes.VerificationFailed;
            }
            Console.WriteLine($"journal {dir}: PARTIAL, {reader.RecordCount:N0} records up to sequence {reader.LastSequence}, every checksum, sequence and stream digest of them verified; the journal does not end with the session's end: {reader.EndProblem}");
            return ExitCodes.Ok;
        }
        Console.WriteLine($"journal {dir}: OK, {reader.SegmentPaths.Count} sealed segment(s) ending with the session's end, {reader.RecordCount:N0} records, every checksum, sequence and stream digest verified; stream digest {reader.StreamDigest:x16}");
        return ExitCodes.Ok;
    }

    private static int Repair(string dir, string logDir, bool force)
    {
        JournalRepair.Result result;
        try
        {
            result = JournalRepair.Repair(dir, force: force);
        }
        catch (RepairRefusedException e)
        {
            Log(logDir, log => log.ZLogInformation($"journal repair refused: {e.Message}"));
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.VerificationFailed;
        }
        catch (JournalLockedException e)
        {
            Log(logDir, log => log.ZLogInformation($"journal repair refused: {e.Message}"));
            throw;
        }
        if (result.Tail is { } torn)
            Log(logDir, log => log.ZLogWarning($"journal repair: torn tail at {Path.GetFileName(torn.Segment)} offset {torn.Offset} ({torn.Problem}): {result.Action}; kept {result.RecordsKept} records, last good sequence {result.LastSequence}"));
        else
            Log(logDir, log => log.ZLogInformation($"journal repair: {result.Action}; {result.RecordsKept} records, last sequence {result.LastSequence}"));
        if (result.Tail is { } t)
            Console.WriteLine($"journal {dir}: torn tail at {Path.GetFileName(t.Segment)} offset {t.Offset} ({t.Problem}): {result.Action}; kept {result.RecordsKept:N0} records, last good sequence {result.LastSequence}");
        else
            Console.WriteLine($"journal {dir}: {result.Action}; {result.RecordsKept:N0} records, last sequence {result.LastSequence}");
        return ExitCodes.Ok;
    }

    private static string? TryManifestSession(string configuration)
    {
        try
        {
            return QpsFast.Replay.SessionManifest.Parse(configuration, "journal").Session;
        }
        catch (Exception e) when (e is QpsFast.Engine.Config.ConfigException or System.Text.Json.JsonException or ArgumentException)
        {
            return null; // not a session's journal (the library writes journals without a manifest too)
        }
    }

    private static void Log(string logDir, Action<Microsoft.Extensions.Logging.ILogger> write)
    {
        using var log = SessionLog.Open(logDir, "journal");
        write(log.Logger);
    }
}
