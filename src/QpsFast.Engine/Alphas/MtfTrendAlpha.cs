using QpsFast.Engine.Indicators;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;

namespace QpsFast.Engine.Alphas;

/// <summary>
/// Multi-timeframe trend: the 1h close against its EMA sets each symbol's trend; a 1m RSI pullback in the trend's
/// direction enters (RSI below <c>PullbackRsi</c> in an uptrend, above 100 − it in a downtrend), and the opposite RSI
/// extreme or a trend change exits. Only completed 1h bars are used (the aggregator emits nothing earlier).
/// </summary>
public struct MtfTrendAlpha : IStage
{
    private readonly MtfTrendSettings _settings;
    private readonly long _notional;
    private readonly Ema[] _trendEma;
    private readonly Rsi[] _rsi;
    private readonly sbyte[] _trend;
    private SignalEmitter _signals;

    /// <summary>Creates the alpha.</summary>
    public MtfTrendAlpha(MtfTrendSettings settings, int maxSymbols)
    {
        _settings = settings;
        _notional = Money.Create(settings.Notional).Raw;
        _trendEma = new Ema[maxSymbols];
        _rsi = new Rsi[maxSymbols];
        _trend = new sbyte[maxSymbols];
        for (int s = 0; s < maxSymbols; s++)
        {
            _trendEma[s] = new Ema(settings.EmaPeriod);
            _rsi[s] = new Rsi(settings.RsiPeriod);
        }
        _signals = new SignalEmitter(AlphaIds.MtfTrend, maxSymbols);
    }

    /// <summary>Returns the trend of <paramref name="symbol"/>: +1, −1 or 0.</summary>
    public readonly int TrendOf(int symbol) => _trend[symbol];

    /// <inheritdoc />
    public void Process(ref Slot slot)
    {
        if (!_settings.Enabled)
            return;
        int n = BarsOfTimeframe.ScanCount(slot);
        for (int i = 0; i < n; i++)
        {
            if (!BarsOfTimeframe.TryGet(ref slot, i, _settings.TrendTimeframeMinutes, out var hour) || hour.Symbol >= _trend.Length)
                continue;
            ref var ema = ref _trendEma[hour.Symbol];
            double close = FixedPoint.ToDouble(hour.Bar.Close);
            if (ema.Update(close))
                _trend[hour.Symbol] = (sbyte)(close > ema.Value ? 1 : close < ema.Value ? -1 : 0);
        }

        ref readonly var input = ref slot.Input;
        if (input.Kind != RecordKind.Bar || input.Aux != 1 || input.Symbol >= _trend.Length)
            return;
        int s = input.Symbol;
        ref var rsi = ref _rsi[s];
        if (!rsi.Update(FixedPoint.ToDouble(input.Bar.Close)))
            return;
        int trend = _trend[s];
        long current = _signals.Target(s);
        long target = current;
        double r = rsi.Value;
        if (current == 0)
        {
            long q = SignalEmitter.QuantityFor(_notional, input.Bar.Close);
            if (trend > 0 && r < _settings.PullbackRsi) target = q;
            else if (trend < 0 && r > 100 - _settings.PullbackRsi) target = -q;
        }
        else if (current > 0 && (r > _settings.ExitRsi || trend <= 0))
        {
            target = 0;
        }
        else if (current < 0 && (r < 100 - _settings.ExitRsi || trend >= 0))
        {
            target = 0;
        }
        _signals.SetTarget(ref slot, (ushort)s, target, input.Bar.Close, r);
    }
}
