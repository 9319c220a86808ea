namespace QpsFast.Engine.Indicators;

/// <summary>
/// Donchian channel: the highest high and lowest low of the last <c>period</c> bars, with monotonic queues over
/// fixed arrays (amortized O(1) per update, allocation-free after construction).
/// </summary>
public struct Donchian
{
    private readonly int _period;
    private MonotonicQueue _highs;
    private MonotonicQueue _lows;
    private long _index;

    /// <summary>Creates the channel.</summary>
    public Donchian(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
        _highs = new MonotonicQueue(period, max: true);
        _lows = new MonotonicQueue(period, max: false);
    }

    /// <summary>Returns the highest high in the window.</summary>
    public readonly double Upper => _highs.Front;

    /// <summary>Returns the lowest low in the window.</summary>
    public readonly double Lower => _lows.Front;

    /// <summary>Returns whether <c>period</c> bars have been seen.</summary>
    public readonly bool IsReady => _index >= _period;

    /// <summary>Adds a bar and returns whether the channel is ready.</summary>
    public bool Update(double high, double low)
    {
        _highs.Push(_index, high, _index - _period + 1);
        _lows.Push(_index, low, _index - _period + 1);
        _index++;
        return IsReady;
    }

    private struct MonotonicQueue
    {
        private readonly long[] _at;
        private readonly double[] _value;
        private readonly bool _max;
        private int _head;
        private int _count;

        public MonotonicQueue(int capacity, bool max)
        {
            _at = new long[capacity];
            _value = new double[capacity];
            _max = max;
        }

        public readonly double Front => _value[_head];

        public void Push(long index, double value, long oldestKept)
        {
            while (_count > 0 && _at[_head] < oldestKept)
            {
                _head = (_head + 1) % _at.Length;
                _count--;
            }
            while (_count > 0)
            {
                int tail = (_head + _count - 1) % _at.Length;
                if (_max ? _value[tail] <= value : _value[tail] >= value)
                    _count--;
                else
                    break;
            }
            int slot = (_head + _count) % _at.Length;
            _at[slot] = index;
            _value[slot] = value;
            _count++;
        }
    }
}
