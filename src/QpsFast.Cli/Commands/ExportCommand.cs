using System.CommandLine;
using QpsFast.Journal;
using QpsFast.Replay;
using QpsFast.Reporting.Export;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps export</c>: a session's fills, orders, signals, rejects and marks as Parquet or CSV tables.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var session = new Option<string>("--session") { Description = "The session whose journal to export.", Required = true };
        var logs = new Option<string>("--logs") { Description = "The folder of session logs.", DefaultValueFactory = _ => "logs" };
        var format = new Option<string>("--format") { Description = "parquet or csv.", DefaultValueFactory = _ => "parquet" };
        format.AcceptOnlyFromAmong("parquet", "csv");
        var kind = new Option<string[]>("--kind") { Description = $"Tables to write: {string.Join(", ", JournalTables.Kinds)} (default: all).", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string?>("--out") { Description = "The folder of the files (default: logs/<session>/export)." };
        var cmd = new Command("export", """
            Exports a session's journal as tables, one file per record kind (fills, orders, signals, rejects, marks) with typed columns: times as UTC timestamps (and exact nanoseconds), amounts as exact DECIMAL(18, 8), names of books and symbols; for pandas, polars or DuckDB.
            Example: qps export --session demo --format parquet --kind fills marks
            """)
        {
            session, logs, format, kind, output,
        };
        cmd.SetAction(parse =>
        {
            string id = parse.GetValue(session)!;
            string logsDir = parse.GetValue(logs)!;
            var kinds = parse.GetValue(kind) is { Length: > 0 } k ? k.SelectMany(x => x.Split(',')).Select(x => x.Trim()).ToArray() : JournalTables.Kinds;
            if (kinds.FirstOrDefault(x => !JournalTables.Kinds.Contains(x)) is { } unknown)
                return ExitCodes.Usage($"--kind '{unknown}': expected one of {string.Join(", ", JournalTables.Kinds)}");
            string journal = Sessions.JournalDirectory(logsDir, id);
            if (!Directory.Exists(journal))
                return ExitCodes.Usage($"no journal for session '{id}' ({journal} does not exist)");
            string outDir = parse.GetValue(output) ?? Path.Combine(Sessions.Directory(logsDir, id), "export");
            if (Sessions.FolderProblem("--out", outDir) is { } problem)
                return ExitCodes.Usage(problem);
            IReadOnlyList<Table> tables;
            SessionManifest manifest;
            try
            {
                tables = JournalTables.Read(journal, kinds, out manifest);
            }
            catch (Exception e) when (e is JournalCorruptException or InvalidDataException)
            {
                Console.Error.WriteLine($"error: the journal cannot be exported: {e.Message}");
                return ExitCodes.VerificationFailed;
            }
            if (manifest.Session != id)
            {
                Console.Error.WriteLine(Sessions.ForeignJournal(journal, manifest.Session, id));
                return ExitCodes.VerificationFailed;
            }
            string extension = parse.GetValue(format)!;
            Directory.CreateDirectory(outDir);
            Console.WriteLine($"qps export: session {id}, {extension}");
            foreach (var t in tables)
            {
                string path = Path.Combine(outDir, $"{t.Name}.{extension}");
                if (extension == "csv")
                    TableFiles.WriteCsv(t, path);
                else
                    TableFiles.WriteParquet(t, path);
                Console.WriteLine($"  {t.Name,-8} {t.Rows,10:N0} rows  {Path.GetFullPath(path)}");
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
