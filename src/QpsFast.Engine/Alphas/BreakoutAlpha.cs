using QpsFast.Engine.Indicators;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Values;

namespace QpsFast.Engine.Alphas;

/// <summary>
/// Donchian breakout on bars of one timeframe (default 15m): a close above the highest high of the previous
/// <c>Period</c> bars goes long, below the lowest low goes short. A position exits at an ATR stop
/// (entry ∓ <c>StopAtr</c> × ATR) or on a break of the opposite channel side.
/// </summary>
public struct BreakoutAlpha : IStage
{
    private readonly BreakoutSettings _settings;
    private readonly long _notional;
    private readonly Donchian[] _channel;
    private readonly Atr[] _atr;
    private readonly long[] _entry;
    private SignalEmitter _signals;

    /// <summary>Creates the alpha.</summary>
    public BreakoutAlpha(BreakoutSettings settings, int maxSymbols)
    {
        _settings = settings;
        _notional = Money.Create(settings.Notional).Raw;
        _channel = new Donchian[maxSymbols];
        _atr = new Atr[maxSymbols];
        _entry = new long[maxSymbols];
        for (int s = 0; s < maxSymbols; s++)
        {
            _channel[s] = new Donchian(settings.Period);
            _atr[s] = new Atr(settings.AtrPeriod);
        }
        _signals = new SignalEmitter(AlphaIds.Breakout, maxSymbols);
    }

    /// <inheritdoc />
    public void Process(ref Slot slot)
    {
        if (!_settings.Enabled)
            return;
        int n = BarsOfTimeframe.ScanCount(slot);
        for (int i = 0; i < n; i++)
        {
            if (!BarsOfTimeframe.TryGet(ref slot, i, _settings.TimeframeMinutes, out var bar) || bar.Symbol >= _channel.Length)
                continue;
            int s = bar.Symbol;
            ref var channel = ref _channel[s];
            ref var atr = ref _atr[s];
            bool ready = channel.IsReady && atr.IsReady;
            double upper = channel.Upper, lower = channel.Lower;
            double high = FixedPoint.ToDouble(bar.Bar.High), low = FixedPoint.ToDouble(bar.Bar.Low), close = FixedPoint.ToDouble(bar.Bar.Close);
            if (ready)
            {
                long current = _signals.Target(s);
                double range = atr.Value * _settings.StopAtr;
                double entry = FixedPoint.ToDouble(_entry[s]);
                long target = current;
                if (current == 0)
                {
                    long q = SignalEmitter.QuantityFor(_notional, bar.Bar.Close);
                    if (close > upper) target = q;
                    else if (close < lower) target = -q;
                }
                else if (current > 0 && (close < entry - range || close < lower))
                {
                    target = 0;
                }
                else if (current < 0 && (close > entry + range || close > upper))
                {
                    target = 0;
                }
                if (_signals.SetTarget(ref slot, (ushort)s, target, bar.Bar.Close, atr.Value) && target != 0)
                    _entry[s] = bar.Bar.Close;
            }
            atr.Update(high, low, close);
            channel.Update(high, low);
        }
    }
}
