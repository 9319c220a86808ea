using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;

namespace QpsFast.Engine.Alphas;

/// <summary>
/// Order-book imbalance: keeps its own top-<c>Levels</c> book per symbol from L2 level updates and computes
/// (Σ bid size − Σ ask size) / (Σ both). Beyond +entry it goes long, below −entry short; a long exits when the
/// imbalance falls below +exit, a short when it rises above −exit. It evaluates when the update of the deepest
/// tracked ask level arrives, i.e. once a refresh of the top of book is complete; for a feed with fewer levels than
/// <c>Levels</c> (top of book only, say) that is the deepest level the feed has shown.
/// </summary>
public struct OrderBookImbalanceAlpha : IStage
{
    private readonly ImbalanceSettings _settings;
    private readonly long _notional;
    private readonly long[] _sizes; // [symbol][side][level]
    private readonly byte[] _depth; // levels seen per symbol, up to Levels
    private SignalEmitter _signals;

    /// <summary>Creates the alpha.</summary>
    public OrderBookImbalanceAlpha(ImbalanceSettings settings, int maxSymbols)
    {
        _settings = settings;
        _notional = Values.Money.Create(settings.Notional).Raw;
        _sizes = new long[maxSymbols * 2 * settings.Levels];
        _depth = new byte[maxSymbols];
        _signals = new SignalEmitter(AlphaIds.OrderBookImbalance, maxSymbols);
    }

    /// <summary>Returns the latest imbalance of <paramref name="symbol"/>.</summary>
    public readonly double ImbalanceOf(int symbol)
    {
        int levels = _settings.Levels;
        int b = symbol * 2 * levels;
        double bid = 0, ask = 0;
        for (int l = 0; l < levels; l++)
        {
            bid += _sizes[b + l];
            ask += _sizes[b + levels + l];
        }
        return bid + ask == 0 ? 0 : (bid - ask) / (bid + ask);
    }

    /// <inheritdoc />
    public void Process(ref Slot slot)
    {
        if (!_settings.Enabled)
            return;
        ref readonly var input = ref slot.Input;
        int levels = _settings.Levels;
        if (input.Kind != RecordKind.BookLevel || input.Book.Level >= levels || input.Symbol * 2 * levels >= _sizes.Length)
            return;
        int s = input.Symbol;
        _sizes[s * 2 * levels + input.Book.Side * levels + input.Book.Level] = input.Book.Size;
        if (input.Book.Level >= _depth[s])
            _depth[s] = (byte)(input.Book.Level + 1);
        if (input.Book.Side != 1 || input.Book.Level != _depth[s] - 1)
            return;
        double imbalance = ImbalanceOf(s);
        long mid = (input.Book.BestBid + input.Book.BestAsk) / 2;
        long current = _signals.Target(s);
        long target = current;
        if (current == 0)
        {
            long q = SignalEmitter.QuantityFor(_notional, mid);
            if (imbalance > _settings.EntryImbalance) target = q;
            else if (imbalance < -_settings.EntryImbalance) target = -q;
        }
        else if (current > 0 && imbalance < _settings.ExitImbalance)
        {
            target = 0;
        }
        else if (current < 0 && imbalance > -_settings.ExitImbalance)
        {
            target = 0;
        }
        _signals.SetTarget(ref slot, (ushort)s, target, mid, imbalance);
    }
}
