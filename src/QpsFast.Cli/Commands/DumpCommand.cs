using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;
using QpsFast.Journal;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps dump</c>: prints a session's records, filtered, as text or JSON lines.</summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var session = Sessions.Checked(new Option<string?>("--session") { Description = "The session (logs/<session>/journal)." });
        var dir = new Option<string?>("--dir") { Description = "A journal folder, instead of --session." };
        var logs = new Option<string>("--logs") { Description = "The folder of session logs.", DefaultValueFactory = _ => "logs" };
        var kind = new Option<string[]>("--kind") { Description = "Record kinds to print (Bar, BookLevel, Trade, Execution, Heartbeat, Signal, Order, Fill, Reject, CancelRequest, RiskEvent, Mark, SessionStart, SessionEnd).", AllowMultipleArgumentsPerToken = true };
        var symbol = new Option<int?>("--symbol") { Description = "Only this symbol id." };
        var source = new Option<int?>("--source") { Description = "Only this source id (0 feed, 1 aggregator, 10–14 alphas, 40 risk, 41 broker, 42 portfolio)." };
        var from = new Option<long?>("--from") { Description = "First stream sequence." };
        var to = new Option<long?>("--to") { Description = "Last stream sequence." };
        var since = new Option<string?>("--since") { Description = "First event time (ISO 8601 UTC or ns since the epoch)." };
        var until = new Option<string?>("--until") { Description = "Last event time (ISO 8601 UTC or ns since the epoch)." };
        var format = new Option<string>("--format") { Description = "text or json (JSON lines).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var limit = new Option<long?>("--limit") { Description = "Stop after this many records (0 or more)." };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long?>() is < 0)
                r.AddError($"--limit must be 0 or more (got {r.GetValueOrDefault<long?>()})");
        });
        Bounded(symbol, 0, 65_534);
        Bounded(source, 0, 255);
        Bounded(from, 0, long.MaxValue);
        Bounded(to, 0, long.MaxValue);
        var cmd = new Command("dump", """
            Prints journal records, filtered by kind, symbol, source, sequence range and time range, as text or JSON lines.
            Example: qps dump --session demo --kind Fill Reject --symbol 0 --format json --limit 20
            """)
        {
            session, dir, logs, kind, symbol, source, from, to, since, until, format, limit,
        };
        Sessions.OneOf(cmd, session, dir);
        cmd.SetAction(parse =>
        {
            string? path = parse.GetValue(dir) ?? (parse.GetValue(session) is { } s ? Sessions.JournalDirectory(parse.GetValue(logs)!, s) : null);
            if (path is null || !Directory.Exists(path))
            {
                Console.Error.WriteLine(path is null ? "error: give --session ID or --dir DIR" : $"error: {path}: no such journal folder");
                return ExitCodes.BadUsage;
            }
            var kinds = new HashSet<RecordKind>();
            foreach (var k in parse.GetValue(kind) ?? [])
            {
                if (!Enum.TryParse<RecordKind>(k, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                {
                    Console.Error.WriteLine($"error: --kind '{k}' is not a record kind ({string.Join(", ", Enum.GetNames<RecordKind>().Skip(1))})");
                    return ExitCodes.BadUsage;
                }
                kinds.Add(parsed);
            }
            long sinceNs = long.MinValue, untilNs = long.MaxValue;
            if (parse.GetValue(since) is { } a && !QpsFast.Data.Readers.TimeParsing.TryParseTimestamp(a, out sinceNs))
            {
                Console.Error.WriteLine($"error: --since '{a}' is not a timestamp");
                return ExitCodes.BadUsage;
            }
            if (parse.GetValue(until) is { } b && !QpsFast.Data.Readers.TimeParsing.TryParseTimestamp(b, out untilNs))
            {
                Console.Error.WriteLine($"error: --until '{b}' is not a timestamp");
                return ExitCodes.BadUsage;
            }
            int? sym = parse.GetValue(symbol), src = parse.GetValue(source);
            long lo = parse.GetValue(from) ?? long.MinValue, hi = parse.GetValue(to) ?? long.MaxValue;
            if (lo > hi || sinceNs > untilNs)
            {
                // A reversed range would print nothing, silently.
                Console.Error.WriteLine(lo > hi ? $"error: --from {lo} is after --to {hi}" : $"error: --since {parse.GetValue(since)} is after --until {parse.GetValue(until)}");
                return ExitCodes.BadUsage;
            }
            long max = parse.GetValue(limit) ?? long.MaxValue;
            bool json = parse.GetValue(format) == "json";
            long printed = 0;
            using var stdout = Console.OpenStandardOutput();
            using var writer = new StreamWriter(stdout, bufferSize: 1 << 16);
            using var jsonWriter = new Utf8JsonWriter(writer.BaseStream);
            try
            {
                var reader = JournalReader.Open(path);
                JournalReader.FrameHandler handler = frame =>
                {
                    foreach (ref readonly var r in frame)
                    {
                        if (printed >= max || r.Sequence < lo || r.Sequence > hi || r.TimeNs < sinceNs || r.TimeNs > untilNs)
                            continue;
                        if ((kinds.Count > 0 && !kinds.Contains(r.Kind)) || (sym is { } y && r.Symbol != y) || (src is { } z && r.Source != z))
                            continue;
                        printed++;
                        if (json)
                        {
                            writer.Flush();
                            RecordText.WriteJson(jsonWriter, in r);
                            jsonWriter.Flush();
                            jsonWriter.Reset();
                            writer.BaseStream.WriteByte((byte)'\n');
                        }
                        else
                        {
                            writer.WriteLine(RecordText.Format(in r));
                        }
                    }
                };
                // A start sequence or time seeks through the segments' seek tables instead of reading from the start.
                if (lo != long.MinValue)
                    reader.ReadFrom(Math.Max(0, lo), handler);
                else if (sinceNs != long.MinValue)
                    reader.ReadFromTime(sinceNs, handler);
                else
                    reader.Read(handler);
            }
            catch (JournalCorruptException e)
            {
                writer.Flush();
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.VerificationFailed;
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>Makes a numeric filter refuse, at parse time (exit 2), a value outside what a record can hold.</summary>
    private static void Bounded<T>(Option<T?> option, long min, long max) where T : struct, IConvertible =>
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<T?>() is { } v && (v.ToInt64(CultureInfo.InvariantCulture) < min || v.ToInt64(CultureInfo.InvariantCulture) > max))
                r.AddError($"{option.Name} must be {min} to {max} (got {v})");
        });
}

/// <summary>Records as text and JSON.</summary>
internal static class RecordText
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    private static string Fx(long raw) => QpsFast.Engine.Values.FixedPoint.Format(raw);

    private static string Time(long ns) => DateTime.UnixEpoch.AddTicks(ns / 100).ToString("yyyy-MM-ddTHH:mm:ss.fffffff'Z'", s_inv);

    public static string Format(in Record r)
    {
        string head = $"{r.Sequence,10} {Time(r.TimeNs)} {r.Kind,-12} src={r.Source,-3} sym={r.Symbol,-5}";
        return head + " " + r.Kind switch
        {
            RecordKind.Bar => $"tf={r.Aux}m o={Fx(r.Bar.Open)} h={Fx(r.Bar.High)} l={Fx(r.Bar.Low)} c={Fx(r.Bar.Close)} v={Fx(r.Bar.Volume)}",
            RecordKind.BookLevel => $"{(r.Book.Side == 0 ? "bid" : "ask")}[{r.Book.Level}] {Fx(r.Book.Price)} x {Fx(r.Book.Size)} (best {Fx(r.Book.BestBid)}/{Fx(r.Book.BestAsk)})",
            RecordKind.Trade => $"{Fx(r.Trade.Price)} x {Fx(r.Trade.Size)}",
            RecordKind.Execution => $"{(ExecType)r.Flags} id={r.Execution.OrderId} {ExecutionText(in r)} venue-time={Time(r.Execution.VenueTimeNs)}",
            RecordKind.Signal => $"{SignalTarget(in r)} ref={Fx(r.Signal.ReferencePrice)}{(r.Signal.LimitPrice == 0 ? "" : " limit=" + Fx(r.Signal.LimitPrice))} strength={r.Signal.Strength.ToString("G6", s_inv)}",
            RecordKind.Order => $"id={r.Order.OrderId} qty={Fx(r.Order.Quantity)} {(r.Order.LimitPrice == 0 ? "market" : "limit " + Fx(r.Order.LimitPrice))} {(r.Order.Sizing == TargetKind.Quantity ? "" : "sized-at-fill=" + r.Order.Sizing + " ")}alpha={r.Flags} parent={r.Order.ParentSequence}",
            RecordKind.Fill => $"id={r.Fill.OrderId} qty={Fx(r.Fill.Quantity)} @ {Fx(r.Fill.Price)} fee={Fx(r.Fill.Fee)} leaves={Fx(r.Fill.LeavesQuantity)} alpha={r.Flags}",
            RecordKind.CancelRequest => $"id={r.Reject.OrderId} open={Fx(r.Reject.Quantity)} alpha={r.Flags} parent={r.Reject.ParentSequence}",
            RecordKind.Reject or RecordKind.RiskEvent => $"reason={(QpsFast.Engine.Risk.RejectReason)r.Aux} id={r.Reject.OrderId} qty={Fx(r.Reject.Quantity)} value={Fx(r.Reject.Value)} limit={Fx(r.Reject.Limit)} alpha={r.Flags} parent={r.Reject.ParentSequence}",
            RecordKind.Mark => $"equity={Fx(r.Mark.Equity)} cash={Fx(r.Mark.Cash)} realized={Fx(r.Mark.RealizedPnl)} unrealized={Fx(r.Mark.UnrealizedPnl)} fees={Fx(r.Mark.Fees)}",
            RecordKind.SessionStart or RecordKind.SessionEnd => $"config={r.Control.ConfigHash:x16} count={r.Control.Count} seed={r.Control.Seed}",
            _ => "",
        };
    }

    private static string ExecutionText(in Record r) => (ExecType)r.Flags switch
    {
        ExecType.Fill or ExecType.PartialFill => $"qty={Fx(r.Execution.Quantity)} @ {Fx(r.Execution.Price)} fee={Fx(r.Execution.Fee)}",
        ExecType.Rejected => $"qty={Fx(r.Execution.Quantity)} venue-reason={r.Aux}",
        ExecType.Cancelled => $"qty={Fx(r.Execution.Quantity)} venue-id={r.Execution.VenueOrderId}{(r.Aux != 0 ? " unsolicited" : "")}",
        _ => $"qty={Fx(r.Execution.Quantity)} limit={Fx(r.Execution.Price)} venue-id={r.Execution.VenueOrderId}",
    };

    private static string SignalTarget(in Record r) => r.Signal.Target switch
    {
        TargetKind.Quantity => $"target={Fx(r.Signal.TargetQuantity)}",
        TargetKind.Value => $"target-value={Fx(r.Signal.TargetQuantity)}",
        TargetKind.Percent => $"target-percent={FixedPoint.ToDecimal(r.Signal.TargetQuantity) * 100:0.######}%",
        _ => "cancel",
    };

    public static void WriteJson(Utf8JsonWriter w, in Record r)
    {
        w.WriteStartObject();
        w.WriteNumber("seq", r.Sequence);
        w.WriteNumber("time_ns", r.TimeNs);
        w.WriteString("kind", r.Kind.ToString());
        w.WriteNumber("source", r.Source);
        w.WriteNumber("symbol", r.Symbol);
        w.WriteNumber("flags", r.Flags);
        w.WriteNumber("aux", r.Aux);
        switch (r.Kind)
        {
            case RecordKind.Bar:
                w.WriteString("open", Fx(r.Bar.Open)); w.WriteString("high", Fx(r.Bar.High)); w.WriteString("low", Fx(r.Bar.Low)); w.WriteString("close", Fx(r.Bar.Close)); w.WriteString("volume", Fx(r.Bar.Volume));
                break;
            case RecordKind.BookLevel:
                w.WriteNumber("side", r.Book.Side); w.WriteNumber("level", r.Book.Level); w.WriteString("price", Fx(r.Book.Price)); w.WriteString("size", Fx(r.Book.Size));
                break;
            case RecordKind.Execution:
                w.WriteString("exec_type", ((ExecType)r.Flags).ToString()); w.WriteNumber("order_id", r.Execution.OrderId); w.WriteString("quantity", Fx(r.Execution.Quantity)); w.WriteString("price", Fx(r.Execution.Price));
                if ((ExecType)r.Flags is ExecType.Fill or ExecType.PartialFill)
                    w.WriteString("fee", Fx(r.Execution.Fee));
                else
                    w.WriteNumber("venue_order_id", r.Execution.VenueOrderId);
                w.WriteNumber("venue_time_ns", r.Execution.VenueTimeNs);
                break;
            case RecordKind.Signal:
                w.WriteString("target", Fx(r.Signal.TargetQuantity)); w.WriteString("target_kind", r.Signal.Target.ToString()); w.WriteString("reference_price", Fx(r.Signal.ReferencePrice)); w.WriteString("limit", Fx(r.Signal.LimitPrice)); w.WriteNumber("lot_decimals", r.Signal.LotDecimals); w.WriteNumber("strength", r.Signal.Strength);
                break;
            case RecordKind.Order:
                w.WriteNumber("order_id", r.Order.OrderId); w.WriteString("quantity", Fx(r.Order.Quantity)); w.WriteString("limit", Fx(r.Order.LimitPrice)); w.WriteString("sizing", r.Order.Sizing.ToString()); w.WriteNumber("parent", r.Order.ParentSequence);
                break;
            case RecordKind.Fill:
                w.WriteNumber("order_id", r.Fill.OrderId); w.WriteString("quantity", Fx(r.Fill.Quantity)); w.WriteString("price", Fx(r.Fill.Price)); w.WriteString("fee", Fx(r.Fill.Fee)); w.WriteString("leaves", Fx(r.Fill.LeavesQuantity));
                break;
            case RecordKind.CancelRequest:
                w.WriteNumber("order_id", r.Reject.OrderId); w.WriteString("quantity", Fx(r.Reject.Quantity)); w.WriteNumber("parent", r.Reject.ParentSequence);
                break;
            case RecordKind.Reject or RecordKind.RiskEvent:
                w.WriteString("reason", ((QpsFast.Engine.Risk.RejectReason)r.Aux).ToString()); w.WriteNumber("order_id", r.Reject.OrderId); w.WriteNumber("parent", r.Reject.ParentSequence); w.WriteString("quantity", Fx(r.Reject.Quantity)); w.WriteString("value", Fx(r.Reject.Value)); w.WriteString("limit", Fx(r.Reject.Limit));
                break;
            case RecordKind.Mark:
                w.WriteString("equity", Fx(r.Mark.Equity)); w.WriteString("cash", Fx(r.Mark.Cash)); w.WriteString("realized", Fx(r.Mark.RealizedPnl)); w.WriteString("unrealized", Fx(r.Mark.UnrealizedPnl)); w.WriteString("fees", Fx(r.Mark.Fees));
                break;
        }
        w.WriteEndObject();
    }

}
