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
        journal.Subcommands.Add(Verb("info", "Lists the segments: size, records, sequence range, sealed or not; totals and compression.", (path, _) => Info(path)));
        journal.Subcommands.Add(Verb("verify", "Reads every frame and checks every checksum, sequence and stream digest. Exit 0 if intact and sealed, 1 with the location otherwise.", (path, _) => Verify(path)));
        journal.Subcommands.Add(Verb("repair", "Truncates a torn tail (a crash mid-write) back to the last good frame and reports it (and, with --session, logs it to qps.log).", Repair));
        return journal;
    }

    private static Command Verb(string name, string description, Func<string, string?, int> action)
    {
        var session = Sessions.Checked(new Option<string?>("--session") { Description = "The session (logs/<session>/journal)." });
        var dir = new Option<string?>("--dir") { Description = "A journal folder, instead of --session." };
        var logs = new Option<string>("--logs") { Description = "The folder of session logs.", DefaultValueFactory = _ => "logs" };
        var cmd = new Command(name, $"{description}\nExample: qps journal {name} --session demo") { session, dir, logs };
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
                string? sessionDir = parse.GetValue(dir) is null && parse.GetValue(session) is { } id ? Sessions.Directory(parse.GetValue(logs)!, id) : null;
                return action(path, sessionDir);
            }
            catch (JournalCorruptException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.VerificationFailed;
            }
            catch (FileNotFoundException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadUsage;
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

    private static int Verify(string dir)
    {
        var reader = JournalReader.Open(dir);
        reader.Read(static _ => { });
        if (reader.TornTail is { } t)
        {
            Console.Error.WriteLine($"error: {t.Segment}: offset {t.Offset}: torn tail ({t.Problem}); last good sequence {t.LastGoodSequence}");
            return ExitCodes.VerificationFailed;
        }
        if (reader.SealedSegments != reader.SegmentPaths.Count)
        {
            Console.Error.WriteLine($"error: {reader.SegmentPaths[^1]}: the last segment is not sealed (the writer did not close it); its frames are intact up to sequence {reader.LastSequence}");
            return ExitCodes.VerificationFailed;
        }
        Console.WriteLine($"journal {dir}: OK, {reader.SegmentPaths.Count} sealed segment(s), {reader.RecordCount:N0} records, every checksum, sequence and stream digest verified; stream digest {reader.StreamDigest:x16}");
        return ExitCodes.Ok;
    }

    private static int Repair(string dir, string? sessionDir)
    {
        var result = JournalRepair.Repair(dir);
        if (sessionDir is not null)
        {
            using var log = SessionLog.Open(sessionDir, "journal");
            if (result.Tail is { } torn)
                log.Logger.ZLogWarning($"journal repair: torn tail at {Path.GetFileName(torn.Segment)} offset {torn.Offset} ({torn.Problem}): {result.Action}; kept {result.RecordsKept} records, last good sequence {result.LastSequence}");
            else
                log.Logger.ZLogInformation($"journal repair: {result.Action}; {result.RecordsKept} records, last sequence {result.LastSequence}");
        }
        if (result.Tail is { } t)
            Console.WriteLine($"journal {dir}: torn tail at {Path.GetFileName(t.Segment)} offset {t.Offset} ({t.Problem}): {result.Action}; kept {result.RecordsKept:N0} records, last good sequence {result.LastSequence}");
        else
            Console.WriteLine($"journal {dir}: {result.Action}; {result.RecordsKept:N0} records, last sequence {result.LastSequence}");
        return ExitCodes.Ok;
    }
}
