using QpsFast.Engine.Records;
using QpsFast.Engine.Values;
using QpsFast.Journal;
using QpsFast.Replay;

namespace QpsFast.Reporting.Export;

/// <summary>The type of an exported column.</summary>
public enum ColumnType
{
    /// <summary>A 64-bit integer.</summary>
    Int64,

    /// <summary>A UTC timestamp (microseconds in Parquet; the exact nanoseconds are in <c>time_ns</c>).</summary>
    Timestamp,

    /// <summary>Text.</summary>
    Text,

    /// <summary>A fixed-point amount: DECIMAL(18, 8) in Parquet, exact (the journal's raw value / 10⁸).</summary>
    Amount,

    /// <summary>A double.</summary>
    Double,
}

/// <summary>One exported table: a record kind's rows, column by column.</summary>
public sealed class Table(string name, IReadOnlyList<(string Name, ColumnType Type)> columns)
{
    /// <summary>Returns the table's name (the file name without extension).</summary>
    public string Name { get; } = name;

    /// <summary>Returns the columns' names and types.</summary>
    public IReadOnlyList<(string Name, ColumnType Type)> Columns { get; } = columns;

    /// <summary>Returns each Int64, Timestamp (ns) and Amount (raw fixed point) column's values (null for the others).</summary>
    public List<long>?[] Longs { get; } = [.. columns.Select(c => c.Type is ColumnType.Int64 or ColumnType.Timestamp or ColumnType.Amount ? new List<long>() : null)];

    /// <summary>Returns each Text column's values (null for the others).</summary>
    public List<string>?[] Texts { get; } = [.. columns.Select(c => c.Type == ColumnType.Text ? new List<string>() : null)];

    /// <summary>Returns each Double column's values (null for the others).</summary>
    public List<double>?[] Doubles { get; } = [.. columns.Select(c => c.Type == ColumnType.Double ? new List<double>() : null)];

    /// <summary>Returns the rows.</summary>
    public int Rows { get; private set; }

    internal void Add(long sequence, long timeNs, string book, string symbol, ReadOnlySpan<object> rest)
    {
        Longs[0]!.Add(sequence);
        Longs[1]!.Add(timeNs);
        Longs[2]!.Add(timeNs);
        Texts[3]!.Add(book);
        Texts[4]!.Add(symbol);
        for (int i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case long l: Longs[5 + i]!.Add(l); break;
                case string t: Texts[5 + i]!.Add(t); break;
                case double d: Doubles[5 + i]!.Add(d); break;
                default: throw new ArgumentException($"column {Columns[5 + i].Name}: {rest[i]?.GetType().Name} is not a column type");
            }
        }
        Rows++;
    }
}

/// <summary>
/// A session's journal as tables, one per record kind a user analyses: fills, orders, signals, rejects and marks,
/// with typed columns (docs/results.md, "qps export"). Names come from the manifest: the book (alpha, user strategy or
/// portfolio) and the symbol.
/// </summary>
public static class JournalTables
{
    /// <summary>The tables that can be exported, in order.</summary>
    public static readonly string[] Kinds = ["fills", "orders", "signals", "rejects", "marks"];

    private static readonly (string, ColumnType)[] s_common = [("sequence", ColumnType.Int64), ("time", ColumnType.Timestamp), ("time_ns", ColumnType.Int64), ("book", ColumnType.Text), ("symbol", ColumnType.Text)];

    /// <summary>Reads the journal in <paramref name="journalDirectory"/> into the tables named in <paramref name="kinds"/>.</summary>
    /// <exception cref="InvalidDataException">The journal is damaged: the message names the segment and offset.</exception>
    public static IReadOnlyList<Table> Read(string journalDirectory, IReadOnlyCollection<string> kinds, out SessionManifest manifest)
    {
        var reader = JournalReader.Open(journalDirectory);
        manifest = SessionManifest.Parse(reader.ReadConfiguration(), reader.SegmentPaths[0]);
        var m = manifest;
        var bookNames = new string[256];
        foreach (var (source, name) in m.Books)
            bookNames[source] = name;
        bookNames[SourceId.Portfolio] = "portfolio";
        string Book(int source) => bookNames[source] ?? $"source-{source}";
        string Symbol(ushort s) => s < m.Symbols.Count ? m.Symbols[s] : s == RecordDescriptor.AllSymbols ? "" : $"symbol-{s}";
        var tables = new Dictionary<RecordKind, Table>();
        void Define(RecordKind kind, string name, params (string, ColumnType)[] columns)
        {
            if (kinds.Contains(name))
                tables[kind] = new Table(name, [.. s_common, .. columns]);
        }
        Define(RecordKind.Fill, "fills", ("order_id", ColumnType.Int64), ("quantity", ColumnType.Amount), ("price", ColumnType.Amount), ("fee", ColumnType.Amount), ("leaves", ColumnType.Amount));
        Define(RecordKind.Order, "orders", ("order_id", ColumnType.Int64), ("quantity", ColumnType.Amount), ("limit_price", ColumnType.Amount), ("sizing", ColumnType.Text), ("parent_sequence", ColumnType.Int64));
        Define(RecordKind.Signal, "signals", ("target", ColumnType.Text), ("target_quantity", ColumnType.Amount), ("reference_price", ColumnType.Amount), ("limit_price", ColumnType.Amount), ("strength", ColumnType.Double));
        Define(RecordKind.Reject, "rejects", ("reason", ColumnType.Text), ("order_id", ColumnType.Int64), ("quantity", ColumnType.Amount), ("value", ColumnType.Amount), ("limit", ColumnType.Amount), ("parent_sequence", ColumnType.Int64));
        Define(RecordKind.Mark, "marks", ("equity", ColumnType.Amount), ("cash", ColumnType.Amount), ("realized_pnl", ColumnType.Amount), ("unrealized_pnl", ColumnType.Amount), ("fees", ColumnType.Amount));
        reader.Read(frame =>
        {
            foreach (ref readonly var r in frame)
            {
                if (!tables.TryGetValue(r.Kind, out var t))
                    continue;
                switch (r.Kind)
                {
                    case RecordKind.Fill:
                        t.Add(r.Sequence, r.TimeNs, Book((byte)r.Flags), Symbol(r.Symbol), [r.Fill.OrderId, r.Fill.Quantity, r.Fill.Price, r.Fill.Fee, r.Fill.LeavesQuantity]);
                        break;
                    case RecordKind.Order:
                        t.Add(r.Sequence, r.TimeNs, Book((byte)r.Flags), Symbol(r.Symbol), [r.Order.OrderId, r.Order.Quantity, r.Order.LimitPrice, r.Order.Sizing.ToString(), r.Order.ParentSequence]);
                        break;
                    case RecordKind.Signal:
                        t.Add(r.Sequence, r.TimeNs, Book(r.Source), Symbol(r.Symbol), [r.Signal.Target.ToString(), r.Signal.TargetQuantity, r.Signal.ReferencePrice, r.Signal.LimitPrice, r.Signal.Strength]);
                        break;
                    case RecordKind.Reject:
                        t.Add(r.Sequence, r.TimeNs, Book((byte)r.Flags), Symbol(r.Symbol), [((Engine.Risk.RejectReason)r.Aux).ToString(), r.Reject.OrderId, r.Reject.Quantity, r.Reject.Value, r.Reject.Limit, r.Reject.ParentSequence]);
                        break;
                    case RecordKind.Mark:
                        t.Add(r.Sequence, r.TimeNs, Book(r.Source), Symbol(r.Symbol), [r.Mark.Equity, r.Mark.Cash, r.Mark.RealizedPnl, r.Mark.UnrealizedPnl, r.Mark.Fees]);
                        break;
                }
            }
        });
        if (reader.EndProblem is { } problem && !reader.Complete)
            throw new InvalidDataException(problem);
        return [.. Kinds.Where(kinds.Contains).Select(k => tables.Values.Single(t => t.Name == k))];
    }

    /// <summary>Returns a raw fixed-point value as an exact decimal.</summary>
    public static decimal Amount(long raw) => FixedPoint.ToDecimal(raw);
}
