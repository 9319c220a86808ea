using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;

namespace QpsFast.Engine.Alphas;

/// <summary>
/// Keeps an alpha's last target per symbol and appends a <see cref="RecordKind.Signal"/> only when the target
/// changes, so the journal holds decisions, not repetitions. Mutable struct: keep it in a field.
/// </summary>
public struct SignalEmitter
{
    private readonly long[] _target;
    private readonly byte _source;

    /// <summary>Creates the emitter for <paramref name="maxSymbols"/> symbols.</summary>
    public SignalEmitter(byte source, int maxSymbols)
    {
        _source = source;
        _target = new long[maxSymbols];
    }

    /// <summary>Returns the current target for <paramref name="symbol"/> (raw quantity).</summary>
    public readonly long Target(int symbol) => _target[symbol];

    /// <summary>Sets the target and appends a signal if it changed; returns whether it did.</summary>
    public readonly bool SetTarget(ref Slot slot, ushort symbol, long targetQuantity, long referencePrice, double strength)
    {
        if (_target[symbol] == targetQuantity)
            return false;
        _target[symbol] = targetQuantity;
        ref var r = ref slot.Append(RecordKind.Signal, _source, symbol);
        r.Signal.TargetQuantity = targetQuantity;
        r.Signal.ReferencePrice = referencePrice;
        r.Signal.Strength = strength;
        return true;
    }

    /// <summary>
    /// Returns the whole-unit quantity worth about <paramref name="notional"/> at <paramref name="price"/> (raw), at
    /// least one unit.
    /// </summary>
    public static long QuantityFor(long notional, long price)
    {
        if (price <= 0)
            return 0;
        long units = Math.Max(1, notional / price);
        return units * FixedPoint.Scale;
    }
}
