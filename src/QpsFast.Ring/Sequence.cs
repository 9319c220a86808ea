using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QpsFast.Ring;

/// <summary>
/// A cache-line-padded sequence counter shared between threads. The method names state the ordering:
/// <see cref="Value"/> is an acquire read, <see cref="SetValue"/> a release write,
/// <see cref="SetValueVolatile"/> a write followed by a full fence, <see cref="CompareAndSet"/> a CAS.
/// </summary>
/// <remarks>
/// On x64 acquire reads and release writes are plain moves; the volatile accesses only stop the JIT from
/// reordering or caching them. Publication correctness rests on the release write of the cursor after the
/// slot is written, paired with the acquire read of the cursor before the slot is read.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public sealed class Sequence
{
    /// <summary>The value of a sequence before anything has been claimed or processed.</summary>
    public const long InitialValue = -1;

    // mutable struct: no readonly
    private PaddedLong _value;

    /// <summary>Creates a sequence with <paramref name="initialValue"/>.</summary>
    public Sequence(long initialValue = InitialValue) => _value.Value = initialValue;

    /// <summary>Returns the value with acquire semantics.</summary>
    public long Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _value.Value);
    }

    /// <summary>Writes <paramref name="value"/> with release semantics: earlier writes are visible first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetValue(long value) => Volatile.Write(ref _value.Value, value);

    /// <summary>Writes <paramref name="value"/> and then issues a full fence (store-load ordering).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetValueVolatile(long value)
    {
        Volatile.Write(ref _value.Value, value);
        Interlocked.MemoryBarrier();
    }

    /// <summary>Sets the value to <paramref name="newValue"/> if it equals <paramref name="expected"/>; returns whether it did.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CompareAndSet(long expected, long newValue) =>
        Interlocked.CompareExchange(ref _value.Value, newValue, expected) == expected;

    /// <summary>Atomically adds <paramref name="delta"/> and returns the new value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long AddAndGet(long delta) => Interlocked.Add(ref _value.Value, delta);

    internal ref long ValueRef => ref _value.Value;

    /// <summary>Returns the value as text, for diagnostics.</summary>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
