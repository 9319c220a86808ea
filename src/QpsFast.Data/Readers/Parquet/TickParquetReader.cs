using QpsFast.Engine.Records;

namespace QpsFast.Data.Readers;

/// <summary>
/// Trades, quotes and book updates from a Parquet file, by its <see cref="ParquetMapping"/> (a sidecar, or the usual
/// column names):
/// <list type="bullet">
/// <item>trades: time, price, size, side optional (buy/b/0: buyer-initiated; sell/s/1: seller-initiated; an
/// <c>is_buyer_maker</c> boolean: true is seller-initiated; else unknown).</item>
/// <item>quotes: time, bid, ask, bid_size and ask_size optional (1 when the file has no size column); level-0 updates
/// for the sides that changed; a null price deletes that side's level, a price with a null size is an error.</item>
/// <item>book: time, side (bid/b/buy/0 or ask/a/sell/1), price, size (0 deletes), is_snapshot optional; a full book
/// per symbol, rows with the same time form one update, a snapshot after updates replaces the book, and the top 10
/// levels a side are diffed into level updates.</item>
/// </list>
/// An optional symbol column splits a file into several symbols (ids by first appearance); without it the symbol is
/// the mapping's or the file name. Times may repeat but never go back.
/// </summary>
public static class TickParquetReader
{
    internal static SourceData Read(ParquetColumns file, int levels = 10)
    {
        string path = file.Path;
        var map = file.Mapping;
        var time = file.Field("time", true)!;
        var symbolField = file.Field("symbol", false);
        var sink = new TickSink(map.Kind, levels, map.Symbol ?? Path.GetFileNameWithoutExtension(path));
        long row = 0, previous = long.MinValue;
        long one = QpsFast.Engine.Values.FixedPoint.Scale;
        for (int g = 0; g < file.RowGroups; g++)
        {
            using var group = file.Group(g);
            long first = row + 1;
            var times = file.Times(group, time, first);
            var symbols = symbolField is null ? null : file.Texts(group, symbolField);
            long[] a = [], b = [], c = [], d = [];
            string[] sides = [], snaps = [];
            switch (map.Kind)
            {
                case "trades":
                    a = file.Amounts(group, file.Field("price", true)!, first, map.PriceScale, true);
                    b = file.Amounts(group, file.Field("size", true)!, first, map.SizeScale, false);
                    sides = file.Field("side", false) is { } s ? file.Texts(group, s) : new string[times.Length];
                    break;
                case "quotes":
                    a = file.Amounts(group, file.Field("bid", true)!, first, map.PriceScale, true, nullAs: -1);
                    b = file.Amounts(group, file.Field("ask", true)!, first, map.PriceScale, true, nullAs: -1);
                    var (bs, asz) = (file.Field("bid_size", false), file.Field("ask_size", false));
                    c = bs is null ? Filled(times.Length, one) : file.Amounts(group, bs, first, map.SizeScale, false, nullAs: -1);
                    d = asz is null ? Filled(times.Length, one) : file.Amounts(group, asz, first, map.SizeScale, false, nullAs: -1);
                    break;
                case "book":
                    var side = file.Field("side", true)!;
                    sides = file.Texts(group, side);
                    a = file.Amounts(group, file.Field("price", true)!, first, map.PriceScale, true);
                    b = file.Amounts(group, file.Field("size", true)!, first, map.SizeScale, false);
                    snaps = file.Field("is_snapshot", false) is { } f ? file.Texts(group, f) : new string[times.Length];
                    break;
            }
            for (int i = 0; i < times.Length; i++)
            {
                row++;
                if (times[i] < previous)
                    throw DataFormatException.AtRow(path, row, time.Name, BarParquetReader.Show(times[i]), $"time is before the previous row's (row {row - 1})");
                previous = times[i];
                int id = symbols is null ? 0 : sink.Id(symbols[i].Length > 0 ? symbols[i] : throw DataFormatException.AtRow(path, row, symbolField!.Name, "(null)", "no symbol"));
                switch (map.Kind)
                {
                    case "trades":
                        byte aggressor = (sides[i] ?? "").ToLowerInvariant() switch
                        {
                            "buy" or "b" or "0" => 0,
                            "sell" or "s" or "1" => 1,
                            "true" => 1,  // is_buyer_maker: the seller crossed
                            "false" => 0,
                            "" or "unknown" or "2" => 2,
                            var other => throw DataFormatException.AtRow(path, row, file.Field("side", false)!.Name, other, "side must be buy, sell or unknown (or 0, 1, 2; or is_buyer_maker true/false)"),
                        };
                        sink.Trade(times[i], id, a[i], b[i], aggressor);
                        break;
                    case "quotes":
                        if (a[i] >= 0 && b[i] >= 0 && a[i] > b[i])
                            throw DataFormatException.AtRow(path, row, file.Field("bid", true)!.Name, QpsFast.Engine.Values.FixedPoint.Format(a[i]), "bid above ask");
                        if ((a[i] >= 0 && c[i] < 0) || (b[i] >= 0 && d[i] < 0))
                            throw DataFormatException.AtRow(path, row, (a[i] >= 0 && c[i] < 0 ? file.Field("bid_size", false) : file.Field("ask_size", false))!.Name, "(null)", "a price without a size");
                        sink.Quote(times[i], id, a[i] < 0 ? 0 : a[i], a[i] < 0 ? 0 : c[i], b[i] < 0 ? 0 : b[i], b[i] < 0 ? 0 : d[i]);
                        break;
                    case "book":
                        int s = (sides[i] ?? "").ToLowerInvariant() switch
                        {
                            "bid" or "b" or "buy" or "0" => 0,
                            "ask" or "a" or "sell" or "1" => 1,
                            var other => throw DataFormatException.AtRow(path, row, file.Field("side", true)!.Name, other, "side must be bid or ask (or b/a, buy/sell, 0/1)"),
                        };
                        bool snapshot = (snaps[i] ?? "") switch
                        {
                            "true" or "1" => true,
                            "false" or "0" or "" => false,
                            var other => throw DataFormatException.AtRow(path, row, file.Field("is_snapshot", false)!.Name, other, "is_snapshot must be true or false"),
                        };
                        sink.Level(times[i], id, snapshot, s, a[i], b[i]);
                        break;
                }
            }
        }
        return sink.Finish(path);
    }

    private static long[] Filled(int n, long value)
    {
        var a = new long[n];
        Array.Fill(a, value);
        return a;
    }
}
