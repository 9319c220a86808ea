using QpsFast.Engine.Records;
using QpsFast.Engine.Values;

namespace QpsFast.Data.Synthetic;

/// <summary>
/// The deterministic synthetic market of <c>qps generate</c>: 1-minute bars for several symbols and an L2 book of
/// <see cref="SyntheticOptions.BookLevels"/> levels a side after each bar, in the engine's merge order (time, then
/// symbol id, then kind; book levels bids before asks, touch first).
/// </summary>
/// <remarks>
/// The model, per minute:
/// <list type="bullet">
/// <item>Volatility clustering: each symbol's variance follows GARCH(1,1), σ²ₜ = ω + α r²ₜ₋₁ + β σ²ₜ₋₁
/// (α 0.10, β 0.88, long-run σ 0.08% a minute).</item>
/// <item>Regimes: each symbol drifts up, down or not at all, switching on average every 12 hours; symbol 3
/// (and every fourth after it) is range-bound, pulled back to an anchor.</item>
/// <item>A common market factor gives the symbols correlated moves (cross-asset momentum has something to rank).</item>
/// <item>Cointegration: symbol 1 is 1.5 × symbol 0 + 10 + an Ornstein–Uhlenbeck spread (half-life ~30 minutes).</item>
/// <item>The book sits around the close, one tick apart; its bid/ask sizes lean towards the sign of the next
/// minute's shock, so order-book imbalance carries a (weak) short-horizon signal.</item>
/// </list>
/// Prices are rounded to a tick of 0.01, volumes to whole units. All arithmetic is IEEE addition, multiplication,
/// division and square root, which are correctly rounded everywhere, so the bytes are the same on every machine.
/// </remarks>
public sealed class SyntheticMarket
{
    private const double Tick = 0.01;
    private const long MinuteNs = 60_000_000_000;
    private const double GarchAlpha = 0.10;
    private const double GarchBeta = 0.88;
    private const double LongRunSigma = 0.0008;
    private const double RegimeSwitchProbability = 1.0 / 720;
    private const double TrendDrift = 0.00012;
    private const double PairHedge = 1.5;
    private const double PairOffset = 10;
    private const double SpreadTheta = 0.023;   // half-life ≈ ln 2 / θ ≈ 30 minutes
    private const double SpreadSigma = 0.08;
    private const double RangePull = 0.01;
    // 1 / sqrt(0.6² + 0.4²): the mixed shock has unit variance, so GARCH's α acts in full.
    private static readonly double ShockNormalizer = 1 / Math.Sqrt(0.52);

    private readonly SyntheticOptions _options;

    /// <summary>Creates the generator.</summary>
    public SyntheticMarket(SyntheticOptions options)
    {
        if (options.Validate() is { } problem)
            throw new ArgumentException(problem, nameof(options));
        _options = options;
    }

    /// <summary>Returns the symbol names for <paramref name="count"/> symbols: PAIR-A, PAIR-B, TREND, RANGE, then SYN4, ….</summary>
    public static string[] NamesFor(int count)
    {
        var names = new string[count];
        string[] fixedNames = ["PAIR-A", "PAIR-B", "TREND", "RANGE"];
        for (int i = 0; i < count; i++)
            names[i] = i < fixedNames.Length ? fixedNames[i] : $"SYN{i}";
        return names;
    }

    /// <summary>Returns the number of records <see cref="Generate"/> yields.</summary>
    public long RecordCount => (long)_options.Days * 1440 * _options.Symbols * (1 + 2 * _options.BookLevels);

    /// <summary>
    /// Writes every record, in stream order, through <paramref name="sink"/> in chunks (the span is reused between
    /// calls). Sequences are left 0: the feed assigns them.
    /// </summary>
    public void Generate(Action<ReadOnlySpan<Record>> sink)
    {
        int n = _options.Symbols;
        int levels = _options.BookLevels;
        var rng = new Xoshiro256StarStar(unchecked((ulong)_options.Seed));
        var price = new double[n];
        var variance = new double[n];
        var drift = new double[n];
        var anchor = new double[n];
        var nextShock = new double[n];
        double spread = 0;
        for (int s = 0; s < n; s++)
        {
            price[s] = 100 + 20 * s;
            variance[s] = LongRunSigma * LongRunSigma;
            anchor[s] = price[s];
        }
        price[1] = PairHedge * price[0] + PairOffset;
        for (int s = 0; s < n; s++)
            nextShock[s] = rng.NextGaussian();

        var buffer = new Record[n * (1 + 2 * levels)];
        long minutes = (long)_options.Days * 1440;
        double omega = LongRunSigma * LongRunSigma * (1 - GarchAlpha - GarchBeta);
        for (long m = 0; m < minutes; m++)
        {
            long time = _options.StartTimeNs + (m + 1) * MinuteNs; // bars are stamped at their close
            double market = rng.NextGaussian();
            spread += SpreadTheta * (0 - spread) + SpreadSigma * rng.NextGaussian();
            int k = 0;
            for (int s = 0; s < n; s++)
            {
                if (rng.NextDouble() < RegimeSwitchProbability)
                {
                    double u = rng.NextDouble();
                    drift[s] = u < 1.0 / 3 ? TrendDrift : u < 2.0 / 3 ? -TrendDrift : 0;
                }
                double sigma = Math.Sqrt(variance[s]);
                double shock = (0.6 * nextShock[s] + 0.4 * market) * ShockNormalizer;
                nextShock[s] = rng.NextGaussian();
                double r = sigma * shock;
                bool ranging = s % 4 == 3;
                r += ranging ? RangePull * (anchor[s] - price[s]) / price[s] : drift[s];

                double open = price[s];
                double close = s == 1 ? PairHedge * price[0] + PairOffset + spread : open * (1 + r);
                close = Math.Max(Tick, close);
                double realized = (close - open) / open;
                variance[s] = omega + GarchAlpha * realized * realized + GarchBeta * variance[s];
                double wickUp = Math.Abs(rng.NextGaussian()) * sigma * 0.5;
                double wickDown = Math.Abs(rng.NextGaussian()) * sigma * 0.5;
                double high = Math.Max(open, close) * (1 + wickUp);
                double low = Math.Max(Tick, Math.Min(open, close) * (1 - wickDown));
                double volume = Math.Round(1000 * (1 + 2 * Math.Abs(rng.NextGaussian())));
                price[s] = close;

                ref var bar = ref buffer[k++];
                bar = default;
                bar.TimeNs = time;
                bar.Kind = RecordKind.Bar;
                bar.Source = SourceId.Feed;
                bar.Symbol = (ushort)s;
                bar.Aux = 1;
                bar.Bar.Open = ToTicks(open);
                bar.Bar.High = Math.Max(ToTicks(high), Math.Max(ToTicks(open), ToTicks(close)));
                bar.Bar.Low = Math.Min(ToTicks(low), Math.Min(ToTicks(open), ToTicks(close)));
                bar.Bar.Close = ToTicks(close);
                bar.Bar.Volume = (long)volume * FixedPoint.Scale;

                // The book around the new close; sizes lean towards the next minute's shock.
                double lean = Math.Clamp(nextShock[s] / 2, -1, 1) * 0.35;
                long closeTicks = ToTicks(close);
                long tickRaw = (long)(Tick * FixedPoint.Scale);
                long bestBid = closeTicks - tickRaw;
                long bestAsk = closeTicks + tickRaw;
                if (bestBid <= 0)
                    bestBid = tickRaw;
                for (int side = 0; side < 2; side++)
                {
                    for (int level = 0; level < levels; level++)
                    {
                        double baseSize = 50 * (1 + level) * (0.75 + 0.5 * rng.NextDouble());
                        double size = baseSize * (side == 0 ? 1 + lean : 1 - lean);
                        ref var book = ref buffer[k++];
                        book = default;
                        book.TimeNs = time;
                        book.Kind = RecordKind.BookLevel;
                        book.Source = SourceId.Feed;
                        book.Symbol = (ushort)s;
                        book.Book.Side = (byte)side;
                        book.Book.Level = (byte)level;
                        book.Book.Price = side == 0 ? Math.Max(tickRaw, bestBid - level * tickRaw) : bestAsk + level * tickRaw;
                        book.Book.Size = (long)Math.Round(size) * FixedPoint.Scale;
                        book.Book.BestBid = bestBid;
                        book.Book.BestAsk = bestAsk;
                    }
                }
            }
            sink(buffer.AsSpan(0, k));
        }
    }

    private static long ToTicks(double price) => (long)Math.Round(price / Tick, MidpointRounding.AwayFromZero) * (long)(Tick * FixedPoint.Scale);
}
