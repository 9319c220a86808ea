using CsCheck;
using QpsFast.Data.Readers;
using QpsFast.Engine.Records;
using Xunit.Abstractions;

namespace QpsFast.Data.Tests.Fuzz;

/// <summary>
/// Fuzzing the readers (issue 12, item 9): valid files of each format, mutated at random (a field replaced by a hostile
/// token, a line dropped, doubled, swapped or cut, bytes overwritten). Property: the loader returns data, or refuses
/// with one <see cref="DataFormatException"/> (or <see cref="InvalidDataException"/>) naming the file; never another
/// exception, and nothing it returns lies outside the engine's ranges.
/// </summary>
/// <remarks>CI runs PCG seeds 0..N−1 per format (N = 150): bar CSV, Binance klines, Tardis book snapshots, Binance depth (the tick readers: TickReaderTests); <c>QPS_FUZZ_CASES</c> runs more.</remarks>
public sealed class ReaderFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-fuzz-data-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("QPS_FUZZ_CASES"), out int n) && n > 0 ? n : 150;

    private static readonly string[] s_hostile =
    [
        "", " ", "-1", "0", "1e400", "-1e400", "NaN", "Infinity", "9223372036854775807", "99999999999999999999", "0.000000001",
        "1.234567891", "2263-01-01 00:00:00", "1600-01-01", "9300000000000", "abc", "\"1\"", "1,5", "\u00e9", "1 000",
        "0x10", "1e-9", "92233720368.54775807", "-0", "+5", "2020-02-30 00:00:00", "2020-01-01T25:00:00", new string('9', 400),
    ];

    private static string Bars()
    {
        var lines = new List<string> { "timestamp,open,high,low,close,volume" };
        var t = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 30; i++)
            lines.Add($"{t.AddMinutes(i):yyyy-MM-dd HH:mm:ss},{100 + i},{101 + i},{99 + i},{100.5 + i},{1000 + i}");
        return string.Join('\n', lines) + "\n";
    }

    private static string Klines()
    {
        var lines = new List<string>();
        long t = 1_577_836_800_000;
        for (int i = 0; i < 30; i++)
            lines.Add($"{t + i * 60_000},{100 + i}.0,{101 + i}.0,{99 + i}.0,{100 + i}.5,{10 + i}.0,{t + i * 60_000 + 59_999},1000.0,5,5.0,500.0,0");
        return string.Join('\n', lines) + "\n";
    }

    private static string TardisBook()
    {
        var lines = new List<string> { "exchange,symbol,timestamp,local_timestamp,asks[0].price,asks[0].amount,bids[0].price,bids[0].amount,asks[1].price,asks[1].amount,bids[1].price,bids[1].amount" };
        long t = 1_640_995_200_000_000;
        for (int i = 0; i < 30; i++)
            lines.Add($"deribit,BTC-PERPETUAL,{t + i * 250_000},{t + i * 250_000 + 900},{47000 + i}.5,{10 + i},{47000 + i}.0,{12 + i},{47001 + i}.0,{5 + i},{46999 + i}.5,{7 + i}");
        return string.Join('\n', lines) + "\n";
    }

    private static string BinanceDepth()
    {
        var lines = new List<string> { "symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu" };
        long t = 1_640_995_200_000;
        for (int i = 0; i < 30; i++)
        {
            lines.Add($"BTCUSDT,{t + i * 100},{1000 + i},{1000 + i},b,set,{47000 - i % 5}.10,{1 + i % 3}.5,{999 + i}");
            lines.Add($"BTCUSDT,{t + i * 100},{1000 + i},{1000 + i},a,set,{47001 + i % 5}.20,{2 + i % 4}.25,{999 + i}");
        }
        return string.Join('\n', lines) + "\n";
    }

    public static TheoryData<string> Formats => ["bars.csv", "klines.csv", "tardis-book.csv", "binance-depth.csv", "tardis-trades.csv", "tardis-quotes.csv", "tardis-l2.csv", "aggtrades.csv", "quotes.csv"];

    private static string Rows(string header, int n, Func<int, string> row) => string.Join('\n', new[] { header }.Concat(Enumerable.Range(0, n).Select(row))) + "\n";

    /// <summary>A mutation: what to do, where (fractions of the lines and fields), and with which token or bytes.</summary>
    public sealed record Mutation(int Op, double Line, double Field, int Token, double Other, byte[] Bytes);

    private static readonly Gen<Mutation[]> s_mutations =
        Gen.Select(Gen.Int[0, 6], Gen.Double[0, 1], Gen.Double[0, 1], Gen.Int[0, s_hostile.Length - 1], Gen.Double[0, 1], Gen.Byte.Array[1, 8])
            .Select((op, line, field, token, other, bytes) => new Mutation(op, line, field, token, other, bytes)).Array[1, 3];

    private static string Mutate(string text, Mutation[] mutations)
    {
        var lines = text.TrimEnd('\n').Split('\n').ToList();
        foreach (var m in mutations)
        {
            int i = (int)(m.Line * (lines.Count - 1));
            int j = (int)(m.Other * (lines.Count - 1));
            switch (m.Op)
            {
                case 0: // a field replaced by a hostile token
                    var fields = lines[i].Split(',');
                    fields[(int)(m.Field * (fields.Length - 1))] = s_hostile[m.Token];
                    lines[i] = string.Join(',', fields);
                    break;
                case 1: lines.RemoveAt(i); if (lines.Count == 0) lines.Add(""); break;
                case 2: lines.Insert(i, lines[i]); break;
                case 3: (lines[i], lines[j]) = (lines[j], lines[i]); break;
                case 4: lines[i] = lines[i][..(int)(m.Field * lines[i].Length)]; break;
                case 5: lines[i] = lines[i] + "," + s_hostile[m.Token]; break;
                default:
                    var chars = lines[i].ToCharArray();
                    for (int k = 0; k < m.Bytes.Length && chars.Length > 0; k++)
                        chars[(int)(m.Field * (chars.Length - 1) + k) % chars.Length] = (char)m.Bytes[k];
                    lines[i] = new string(chars);
                    break;
            }
        }
        return string.Join('\n', lines) + "\n";
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void MutatedFiles_AreReadOrRefusedWithTheFileNamed_NeverCrash(string format)
    {
        string valid = format switch
        {
            "bars.csv" => Bars(),
            "klines.csv" => Klines(),
            "tardis-book.csv" => TardisBook(),
            "tardis-trades.csv" => Rows("exchange,symbol,timestamp,local_timestamp,id,side,price,amount", 30, i => $"binance,BTCUSDT,{1_640_995_200_000_000 + i * 1000},{1_640_995_200_000_900 + i * 1000},{i},{(i % 3 == 0 ? "buy" : "sell")},{47000 + i}.5,0.{i + 1}"),
            "tardis-quotes.csv" => Rows("exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount", 30, i => $"binance,BTCUSDT,{1_640_995_200_000_000 + i * 1000},{1_640_995_200_000_900 + i * 1000},{i + 1},{47001 + i}.0,{47000 + i}.0,{i + 2}"),
            "tardis-l2.csv" => Rows("exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount", 30, i => $"deribit,BTC-PERPETUAL,{1_640_995_200_000_000 + i / 3 * 1000},{1_640_995_200_000_900 + i / 3 * 1000},{(i < 6 ? "true" : "false")},{(i % 2 == 0 ? "bid" : "ask")},{(i % 2 == 0 ? 47000 - i : 47001 + i)}.0,{i % 4}"),
            "aggtrades.csv" => Rows("agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker", 30, i => $"{i},{42000 + i}.1,0.00{i + 1},{i},{i},{1_704_067_200_000 + i * 10},{(i % 2 == 0 ? "true" : "false")}"),
            "quotes.csv" => Rows("timestamp,bid,ask", 30, i => $"2013-01-01 22:00:{i:00}.295000+00:00,86.{600 + i},86.{700 + i}"),
            _ => BinanceDepth(),
        };
        int accepted = 0, refused = 0;
        for (int k = 0; k < Cases; k++)
        {
            var pcg = new PCG(11, (ulong)k);
            string seed = pcg.ToString();
            var mutations = s_mutations.Generate(pcg, null, out _);
            var path = Path.Combine(_dir, $"{k}-{format}");
            File.WriteAllText(path, Mutate(valid, mutations));
            try
            {
                var data = MarketDataLoader.Load([path]);
                foreach (ref readonly var r in data.Records.AsSpan())
                {
                    Assert.True(r.Kind != RecordKind.Bar || (r.Bar.Open > 0 && r.Bar.High > 0 && r.Bar.Low > 0 && r.Bar.Close > 0 && r.Bar.Volume >= 0),
                        $"case {k} (seed {seed}): accepted a bar outside the range: {r.Bar.Open} {r.Bar.High} {r.Bar.Low} {r.Bar.Close} {r.Bar.Volume}");
                    Assert.True(r.Kind != RecordKind.BookLevel || (r.Book.Price >= 0 && r.Book.Size >= 0),
                        $"case {k} (seed {seed}): accepted a book level outside the range: {r.Book.Price} {r.Book.Size}");
                }
                accepted++;
            }
            catch (DataFormatException e)
            {
                Assert.Contains(path, e.Message);
                refused++;
            }
            catch (InvalidDataException e)
            {
                Assert.Contains(path, e.Message);
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {k} (seed {seed}, mutations {string.Join("; ", mutations.Select(m => m.ToString()))}) crashed: {e.GetType().Name}: {e.Message}");
            }
            File.Delete(path);
        }
        output.WriteLine($"{format}: {Cases} mutated files: {accepted} read, {refused} refused naming the file; 0 crashes");
    }
}
