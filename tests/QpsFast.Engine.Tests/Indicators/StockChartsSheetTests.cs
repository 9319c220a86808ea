using QpsFast.Engine.Indicators;

namespace QpsFast.Engine.Tests.Indicators;

/// <summary>
/// The new indicators against StockCharts' worked spreadsheets as the <c>ta</c> library ships them
/// (shared/data/indicators/stockcharts, bukosabino/ta test/data). Every row where the sheet has a value and the indicator
/// is ready is compared, and the number of such rows is asserted. The tolerance is half a unit of the last decimal the
/// sheet shows (plus 1e-12 for the binary representation of the parsed decimal), or 1e-9 where the sheet carries full
/// double precision; where the sheet rounds an intermediate before using it, the comment says so and the tolerance
/// adds that rounding.
/// </summary>
public sealed class StockChartsSheetTests
{
    private static double HalfUnit(int decimals) => 0.5 * Math.Pow(10, -decimals) + 1e-12;

    private const double FullPrecision = 1e-9;

    [SkippableFact]
    public void Wma_MatchesTheSheet()
    {
        // cs-wma.csv: 40 rows, WMA to 4 decimals from the first row (the sheet starts mid-series). A window of 9 is
        // the only one that fits (the ta test uses window=9); ready from row 8, so rows 8..39 are compared.
        var sheet = Sheet.StockCharts("cs-wma.csv");
        var close = sheet.Column("Close");
        var actual = sheet.NewSeries();
        var wma = new Wma(9);
        for (int i = 0; i < sheet.Count; i++)
            if (wma.Update(close[i]))
                actual[i] = wma.Value;
        sheet.AssertColumn("WMA", actual, HalfUnit(4), 32);
    }

    [SkippableFact]
    public void Cci_MatchesTheSheet()
    {
        // cs-cci.csv: CCI(20) to 4 decimals from row 19. The sheet shows the typical price rounded to 4 decimals but
        // computes with the unrounded value (recomputing from the rounded column would miss by up to 6e-3).
        var sheet = Sheet.StockCharts("cs-cci.csv");
        var (high, low, close) = (sheet.Column("High"), sheet.Column("Low"), sheet.Column("Close"));
        var actual = sheet.NewSeries();
        var cci = new Cci(20);
        for (int i = 0; i < sheet.Count; i++)
            if (cci.Update(high[i], low[i], close[i]))
                actual[i] = cci.Value;
        sheet.AssertColumn("CCI", actual, HalfUnit(4), 11);
    }

    [SkippableFact]
    public void WilliamsR_MatchesTheSheet()
    {
        // cs-percentr.csv: %R(14) to 6 decimals from row 13; the closes before row 13 are empty but unused.
        var sheet = Sheet.StockCharts("cs-percentr.csv");
        var (high, low, close) = (sheet.Column("High"), sheet.Column("Low"), sheet.Column("Close"));
        var actual = sheet.NewSeries();
        var r = new WilliamsR(14);
        for (int i = 0; i < sheet.Count; i++)
            if (r.Update(high[i], low[i], close[i]))
                actual[i] = r.Value;
        sheet.AssertColumn("Williams_%R", actual, HalfUnit(6), 17);
    }

    [SkippableFact]
    public void Stochastic_MatchesTheSheet()
    {
        // cs-soo.csv: %K(14) to 6 decimals from row 13, %D = SMA(3) of %K from row 16. The sheet leaves %D empty on
        // row 15, where it is already defined, so %D is compared on rows 16..29. The sheet averages the %K values it
        // shows (rounded to 6 decimals): its %D can be off by a further 5e-7, so %D's tolerance is 1e-6.
        var sheet = Sheet.StockCharts("cs-soo.csv");
        var (high, low, close) = (sheet.Column("High"), sheet.Column("Low"), sheet.Column("Close"));
        var k = sheet.NewSeries();
        var d = sheet.NewSeries();
        var stochastic = new Stochastic(14, 3);
        for (int i = 0; i < sheet.Count; i++)
        {
            bool ready = stochastic.Update(high[i], low[i], close[i]);
            if (stochastic.KReady)
                k[i] = stochastic.K;
            if (ready)
                d[i] = stochastic.D;
        }
        sheet.AssertColumn("SO", k, HalfUnit(6), 17);
        sheet.AssertColumn("SO_SIG", d, HalfUnit(6) + 5e-7, 14);
    }

    [SkippableFact]
    public void Adx_MatchesTheSheet()
    {
        // cs-adx.csv: 504 rows, every value to 7 decimals. +DI, −DI and DX from row 14 (490 rows), ADX from row 27
        // (477 rows): StockCharts' seeding (first TR14/DM14 the sums of 14, first ADX the mean of 14 DX).
        var sheet = Sheet.StockCharts("cs-adx.csv");
        var (high, low, close) = (sheet.Column("High"), sheet.Column("Low"), sheet.Column("Close"));
        var (plus, minus, dx, adx) = (sheet.NewSeries(), sheet.NewSeries(), sheet.NewSeries(), sheet.NewSeries());
        var indicator = new Adx(14);
        for (int i = 0; i < sheet.Count; i++)
        {
            bool ready = indicator.Update(high[i], low[i], close[i]);
            if (indicator.DirectionalReady)
            {
                plus[i] = indicator.PlusDi;
                minus[i] = indicator.MinusDi;
                dx[i] = indicator.Dx;
            }
            if (ready)
                adx[i] = indicator.Value;
        }
        sheet.AssertColumn("+DI14", plus, HalfUnit(7), 490);
        sheet.AssertColumn("-DI14", minus, HalfUnit(7), 490);
        sheet.AssertColumn("DX", dx, HalfUnit(7), 490);
        sheet.AssertColumn("ADX", adx, HalfUnit(7), 477);
    }

    [SkippableFact]
    public void Obv_MatchesTheSheet()
    {
        // cs-obv.csv: whole numbers. The first row has no volume and no OBV (StockCharts starts the total at 0 and the
        // first bar, having no previous close, contributes nothing), so rows 1..29 are compared, exactly.
        var sheet = Sheet.StockCharts("cs-obv.csv");
        var (close, volume) = (sheet.Column("Close"), sheet.Column("Volume"));
        var actual = sheet.NewSeries();
        var obv = new Obv();
        for (int i = 0; i < sheet.Count; i++)
            if (obv.Update(close[i], double.IsNaN(volume[i]) ? 0 : volume[i]))
                actual[i] = obv.Value;
        Assert.Equal(0, actual[0]);
        sheet.AssertColumn("OBV", actual, 0, 29);
    }

    [SkippableFact]
    public void Vwap_IsRollingOver14Bars_AndMatchesTheSheet()
    {
        // cs-vwap.csv: full double precision (it is the ta library's output). A cumulative VWAP misses by up to 0.40
        // from row 14 on; a rolling 14-bar window matches to 1e-14, with partial windows before (min_periods=0).
        // Ready from row 13: rows 13..29 are compared. The sheet's "Typical Price" column is rounded on some rows
        // (24.63247); the vwap column uses the unrounded (H + L + C) / 3.
        var sheet = Sheet.StockCharts("cs-vwap.csv");
        var (high, low, close, volume) = (sheet.Column("High"), sheet.Column("Low"), sheet.Column("Close"), sheet.Column("Volume"));
        var actual = sheet.NewSeries();
        var vwap = new Vwap(14);
        for (int i = 0; i < sheet.Count; i++)
            if (vwap.Update(high[i], low[i], close[i], volume[i]))
                actual[i] = vwap.Value;
        sheet.AssertColumn("vwap", actual, FullPrecision, 17);
    }

    [SkippableFact]
    public void Kama_MatchesTheSheet()
    {
        // cs-kama.csv: KAMA(10, 2, 30) to 6 decimals. The sheet seeds with the 10th close (row 9, KAMA = close) and
        // computes from row 10, where this indicator becomes ready: rows 10..48 are compared.
        var sheet = Sheet.StockCharts("cs-kama.csv");
        var close = sheet.Column("Close");
        var actual = sheet.NewSeries();
        var er = sheet.NewSeries();
        var kama = new Kama(10, 2, 30);
        for (int i = 0; i < sheet.Count; i++)
        {
            if (kama.Update(close[i]))
            {
                actual[i] = kama.Value;
                er[i] = kama.EfficiencyRatio;
            }
        }
        sheet.AssertColumn("ER", er, HalfUnit(6), 39);
        sheet.AssertColumn("KAMA", actual, HalfUnit(6), 39);
    }

    [SkippableFact]
    public void Keltner_MatchesTheSheet()
    {
        // cs-kc.csv (full double precision; the ta library's KeltnerChannel(20, 10, original_version=False)): the
        // middle line is the EMA(20) of the close seeded with the first close (middle_band on row 0 = the close,
        // α = 2/21 from row 1; an SMA-seeded EMA would miss by 0.04 on row 19), the ATR(10) counts the first bar's
        // high − low as a true range and starts on row 9 at the mean of the first 10, and the bands are ± 2 ATR. Ready
        // from row 19 (the EMA's period): rows 19..29 are compared.
        var sheet = Sheet.StockCharts("cs-kc.csv");
        var (high, low, close) = (sheet.Column("High"), sheet.Column("Low"), sheet.Column("Close"));
        var (upper, middle, lower, atr) = (sheet.NewSeries(), sheet.NewSeries(), sheet.NewSeries(), sheet.NewSeries());
        var keltner = new Keltner(20, 10, 2);
        for (int i = 0; i < sheet.Count; i++)
        {
            if (keltner.Update(high[i], low[i], close[i]))
            {
                upper[i] = keltner.Upper;
                middle[i] = keltner.Middle;
                lower[i] = keltner.Lower;
                atr[i] = keltner.AverageTrueRange;
            }
        }
        sheet.AssertColumn("upper_band", upper, FullPrecision, 11);
        sheet.AssertColumn("middle_band", middle, FullPrecision, 11);
        sheet.AssertColumn("lower_band", lower, FullPrecision, 11);
        sheet.AssertColumn("atr", atr, FullPrecision, 11);
    }

    [SkippableFact]
    public void ParabolicSar_MatchesTheSheet()
    {
        // cs-psar.csv: step 0.02, maximum 0.2, values to at most 8 decimals, in psar_up while the trend is up and in
        // psar_down while it is down; psar_up_ind / psar_down_ind mark the reversals. From row 2: 28 rows.
        var sheet = Sheet.StockCharts("cs-psar.csv");
        var (high, low, close) = (sheet.Column("High"), sheet.Column("Low"), sheet.Column("Close"));
        var (up, down) = (sheet.NewSeries(), sheet.NewSeries());
        var (upReversal, downReversal) = (sheet.NewSeries(), sheet.NewSeries());
        var sar = new ParabolicSar(0.02, 0.2);
        for (int i = 0; i < sheet.Count; i++)
        {
            bool ready = sar.Update(high[i], low[i], close[i]);
            upReversal[i] = ready && sar.IsLong && sar.Reversed ? 1 : 0;
            downReversal[i] = ready && !sar.IsLong && sar.Reversed ? 1 : 0;
            if (!ready)
                continue;
            if (sar.IsLong)
                up[i] = sar.Value;
            else
                down[i] = sar.Value;
        }
        var sheetUp = sheet.Column("psar_up");
        var sheetDown = sheet.Column("psar_down");
        for (int i = 2; i < sheet.Count; i++)
        {
            Assert.True(double.IsNaN(sheetUp[i]) == double.IsNaN(up[i]), $"psar_up {sheet.Label(i)}: trend differs");
            Assert.True(double.IsNaN(sheetDown[i]) == double.IsNaN(down[i]), $"psar_down {sheet.Label(i)}: trend differs");
        }
        int upRows = sheetUp.Count(v => !double.IsNaN(v));
        sheet.AssertColumn("psar_up", up, HalfUnit(8), upRows);
        sheet.AssertColumn("psar_down", down, HalfUnit(8), 28 - upRows);
        sheet.AssertColumn("psar_up_ind", upReversal, 0, 30);
        sheet.AssertColumn("psar_down_ind", downReversal, 0, 30);
    }

    [SkippableFact]
    public void Mfi_MatchesTheSheet()
    {
        // cs-mfi.csv: MFI(14) to 5 decimals from row 14 (the first bar has no previous typical price): rows 14..29.
        var sheet = Sheet.StockCharts("cs-mfi.csv");
        var (high, low, close, volume) = (sheet.Column("High"), sheet.Column("Low"), sheet.Column("Close"), sheet.Column("Volume"));
        var actual = sheet.NewSeries();
        var mfi = new Mfi(14);
        for (int i = 0; i < sheet.Count; i++)
            if (mfi.Update(high[i], low[i], close[i], volume[i]))
                actual[i] = mfi.Value;
        sheet.AssertColumn("MFI", actual, HalfUnit(5), 16);
    }
}
