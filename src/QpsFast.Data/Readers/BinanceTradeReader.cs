using QpsFast.Engine.Records;

namespace QpsFast.Data.Readers;

/// <summary>
/// Binance public-data trade CSVs, spot (no header, with is_best_match) and futures (with a header line):
/// <c>aggTrades</c> (agg_trade_id, price, quantity, first_trade_id, last_trade_id, transact_time, is_buyer_maker[,
/// is_best_match]) and <c>trades</c> (id, price, qty, quote_qty, time, is_buyer_maker[, is_best_match]). Each row is a
/// trade tick; a buyer-maker trade was seller-initiated. Times are epoch milliseconds, or microseconds (spot archives
/// from 2025), told apart by magnitude as for klines.
/// </summary>
public static class BinanceTradeReader
{
    /// <summary>The two trade files.</summary>
    public enum Kind
    {
        /// <summary>Neither.</summary>
        None,
        /// <summary>Aggregated trades.</summary>
        AggTrades,
        /// <summary>Individual trades.</summary>
        Trades,
    }

    private static readonly string[] s_agg = ["agg_trade_id", "price", "quantity", "first_trade_id", "last_trade_id", "transact_time", "is_buyer_maker", "is_best_match"];
    private static readonly string[] s_trades = ["id", "price", "qty", "quote_qty", "time", "is_buyer_maker", "is_best_match"];

    /// <summary>The kind of trade file a first line belongs to (a header, or a data row), or <see cref="Kind.None"/>.</summary>
    public static Kind Sniff(string firstLine)
    {
        if (firstLine.StartsWith("agg_trade_id,price,quantity,", StringComparison.Ordinal))
            return Kind.AggTrades;
        if (firstLine.StartsWith("id,price,qty,quote_qty,time,", StringComparison.Ordinal))
            return Kind.Trades;
        var f = firstLine.Split(',');
        bool Int(int i) => long.TryParse(f[i], out _);
        bool Dec(int i) => decimal.TryParse(f[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
        bool Bool(int i) => bool.TryParse(f[i], out _);
        bool Epoch(int i) => long.TryParse(f[i], out long t) && t > 1_000_000_000_000;
        if (f.Length is 7 or 8 && Int(0) && Dec(1) && Dec(2) && Int(3) && Int(4) && Epoch(5) && Bool(6))
            return Kind.AggTrades;
        if (f.Length is 6 or 7 && Int(0) && Dec(1) && Dec(2) && Dec(3) && Epoch(4) && Bool(5))
            return Kind.Trades;
        return Kind.None;
    }

    /// <summary>Reads a trade CSV as ticks of <paramref name="symbol"/> (default: the file name up to the first '-').</summary>
    public static SourceData Read(string path, string? symbol = null) => Read(path, TextLines.Read(path), symbol);

    /// <summary>Reads the trade <paramref name="lines"/> of <paramref name="path"/> (a file, or an archive's entry).</summary>
    /// <exception cref="DataFormatException">Not a trade file, a malformed row, or a time before the previous row's.</exception>
    public static SourceData Read(string path, IEnumerable<string> lines, string? symbol = null)
    {
        symbol ??= TextLines.Stem(path).Split('-')[0];
        var records = new List<Record>();
        Span<Range> fields = stackalloc Range[9];
        long line = 0, previous = long.MinValue;
        var kind = Kind.None;
        int columns = 0;
        foreach (var text in lines)
        {
            line++;
            if (text.Length == 0)
                continue;
            if (kind == Kind.None)
            {
                kind = Sniff(text);
                if (kind == Kind.None)
                    throw new DataFormatException(path, line, "(row)", text, "not a Binance aggTrades or trades row or header");
                columns = text.Split(',').Length;
                int least = kind == Kind.AggTrades ? 7 : 6;
                if (columns < least || columns > least + 1)
                    throw new DataFormatException(path, line, "(row)", text, $"expected {least} or {least + 1} columns for Binance {(kind == Kind.AggTrades ? "aggTrades" : "trades")}, found {columns}");
                if (char.IsLetter(text[0]))
                    continue; // the futures files' header
            }
            var names = kind == Kind.AggTrades ? s_agg : s_trades;
            var row = new CsvRow(path, line, text, fields, names);
            row.RequireColumns(columns);
            int timeColumn = kind == Kind.AggTrades ? 5 : 4;
            long raw = row.Long(timeColumn);
            long unitNs = raw > 100_000_000_000_000 ? 1_000 : 1_000_000; // microseconds (spot, from 2025) or milliseconds
            if (raw < 0 || raw > long.MaxValue / unitNs)
                throw row.Error(timeColumn, $"not an epoch time within {TimeParsing.Range}");
            long t = raw * unitNs;
            if (t < previous)
                throw row.Error(timeColumn, $"time is before the previous row's (line {line - 1})");
            previous = t;
            var maker = row[timeColumn + 1];
            bool buyerMaker = maker.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
                : maker.Equals("false", StringComparison.OrdinalIgnoreCase) ? false : throw row.Error(timeColumn + 1, "is_buyer_maker must be true or false");
            records.Add(new Record
            {
                TimeNs = t,
                Kind = RecordKind.Trade,
                Trade = new TradePayload { Price = row.Price(1), Size = row.Quantity(2), Aggressor = buyerMaker ? (byte)1 : (byte)0 },
            });
        }
        return new SourceData(path, [symbol], [.. records]);
    }
}
