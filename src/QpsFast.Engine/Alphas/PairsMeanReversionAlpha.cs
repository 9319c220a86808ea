using QpsFast.Engine.Indicators;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;

namespace QpsFast.Engine.Alphas;

/// <summary>
/// Pairs mean reversion on two symbols: a rolling OLS of B on A gives the hedge ratio β; the residual
/// B − (α + βA) is z-scored over the same window. Above +entry it shorts the spread (short B, long β·B units of A);
/// below −entry it goes long the spread; inside ±exit it goes flat. Acts once both legs have a bar for the same minute.
/// </summary>
public struct PairsMeanReversionAlpha : IStage
{
    private readonly PairsSettings _settings;
    private readonly long _notional;
    // mutable structs: no readonly
    private SignalEmitter _signals;
    private RollingOls _ols;
    private RollingStats _spread;
    private long _closeA, _closeB, _timeA, _timeB;

    /// <summary>Creates the alpha.</summary>
    public PairsMeanReversionAlpha(PairsSettings settings, int maxSymbols)
    {
        _settings = settings;
        _notional = Money.Create(settings.Notional).Raw;
        _signals = new SignalEmitter(AlphaIds.PairsMeanReversion, maxSymbols);
        _ols = new RollingOls(settings.Window);
        _spread = new RollingStats(settings.Window);
    }

    /// <summary>Returns the latest z-score (0 until ready).</summary>
    public double ZScore { readonly get; private set; }

    /// <inheritdoc />
    public void Process(ref Slot slot)
    {
        if (!_settings.Enabled)
            return;
        ref readonly var input = ref slot.Input;
        if (input.Kind != RecordKind.Bar || input.Aux != 1)
            return;
        if (input.Symbol == _settings.SymbolA)
        {
            _closeA = input.Bar.Close;
            _timeA = input.TimeNs;
        }
        else if (input.Symbol == _settings.SymbolB)
        {
            _closeB = input.Bar.Close;
            _timeB = input.TimeNs;
        }
        else
        {
            return;
        }
        if (_timeA != _timeB)
            return;

        double a = FixedPoint.ToDouble(_closeA), b = FixedPoint.ToDouble(_closeB);
        if (!_ols.Update(a, b))
            return;
        double beta = _ols.Slope;
        double residual = b - (_ols.Intercept + beta * a);
        if (!_spread.Update(residual))
            return;
        double z = ZScore = _spread.ZScore(residual);

        var symA = (ushort)_settings.SymbolA;
        var symB = (ushort)_settings.SymbolB;
        long current = _signals.Target(symB);
        long targetB = current;
        if (current == 0)
        {
            long qB = SignalEmitter.QuantityFor(_notional, _closeB);
            if (z > _settings.EntryZ)
                targetB = -qB;
            else if (z < -_settings.EntryZ)
                targetB = qB;
        }
        else if (Math.Abs(z) < _settings.ExitZ)
        {
            targetB = 0;
        }
        if (targetB == current)
            return;
        // Hedge leg: β units of A per unit of B, whole units, opposite side.
        long unitsB = targetB / FixedPoint.Scale;
        long targetA = -(long)Math.Round(unitsB * Math.Max(0, beta), MidpointRounding.AwayFromZero) * FixedPoint.Scale;
        _signals.SetTarget(ref slot, symB, targetB, _closeB, z);
        _signals.SetTarget(ref slot, symA, targetA, _closeA, z);
    }
}
