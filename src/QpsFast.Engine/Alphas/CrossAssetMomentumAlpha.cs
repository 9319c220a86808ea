using QpsFast.Engine.Indicators;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;

namespace QpsFast.Engine.Alphas;

/// <summary>
/// Cross-asset momentum over a universe of symbols 0..N−1: each symbol's return over the last
/// <c>LookbackMinutes</c> 1m closes is ranked; the top <c>Long</c> symbols go long, the bottom <c>Short</c> go short,
/// the rest flat. It rebalances on the schedule (every <c>RebalanceMinutes</c> of event time), once the last symbol's
/// bar for that minute has arrived. Ties rank by symbol id, so the ranking is deterministic.
/// </summary>
public struct CrossAssetMomentumAlpha : IStage
{
    private const long MinuteNs = 60_000_000_000;
    private readonly MomentumSettings _settings;
    private readonly long _notional;
    private readonly int _universe;
    private readonly LookbackReturn[] _returns;
    private readonly long[] _lastClose;
    private readonly long[] _lastTime;
    private readonly int[] _order;
    private SignalEmitter _signals;

    /// <summary>Creates the alpha over symbols 0..<paramref name="universe"/>−1.</summary>
    public CrossAssetMomentumAlpha(MomentumSettings settings, int universe)
    {
        _settings = settings;
        _notional = Money.Create(settings.Notional).Raw;
        _universe = universe;
        _returns = new LookbackReturn[universe];
        for (int s = 0; s < universe; s++)
            _returns[s] = new LookbackReturn(settings.LookbackMinutes);
        _lastClose = new long[universe];
        _lastTime = new long[universe];
        _order = new int[universe];
        _signals = new SignalEmitter(AlphaIds.CrossAssetMomentum, universe);
    }

    /// <inheritdoc />
    public void Process(ref Slot slot)
    {
        if (!_settings.Enabled)
            return;
        ref readonly var input = ref slot.Input;
        if (input.Kind != RecordKind.Bar || input.Aux != 1 || input.Symbol >= _universe)
            return;
        int s = input.Symbol;
        _returns[s].Update(FixedPoint.ToDouble(input.Bar.Close));
        _lastClose[s] = input.Bar.Close;
        _lastTime[s] = input.TimeNs;
        if (s != _universe - 1 || _universe < _settings.Long + _settings.Short || input.TimeNs % (_settings.RebalanceMinutes * MinuteNs) != 0)
            return;
        for (int i = 0; i < _universe; i++)
        {
            if (!_returns[i].IsReady || _lastTime[i] != input.TimeNs)
                return;
        }
        // Insertion sort by return, descending; ties by symbol id. No allocation.
        for (int i = 0; i < _universe; i++)
        {
            int j = i;
            double v = _returns[i].Value;
            while (j > 0 && _returns[_order[j - 1]].Value < v)
            {
                _order[j] = _order[j - 1];
                j--;
            }
            _order[j] = i;
        }
        for (int rank = 0; rank < _universe; rank++)
        {
            int sym = _order[rank];
            long q = SignalEmitter.QuantityFor(_notional, _lastClose[sym]);
            long target = rank < _settings.Long ? q : rank >= _universe - _settings.Short ? -q : 0;
            _signals.SetTarget(ref slot, (ushort)sym, target, _lastClose[sym], _returns[sym].Value);
        }
    }
}
