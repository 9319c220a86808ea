namespace QpsFast.Engine.Indicators;

/// <summary>The simple return over the last <c>period</c> updates: value / value <c>period</c> updates ago − 1.</summary>
public struct LookbackReturn
{
    private RollingWindow _window;

    /// <summary>Creates the indicator.</summary>
    public LookbackReturn(int period) => _window = new RollingWindow(period + 1);

    /// <summary>Returns whether <c>period + 1</c> values have been seen.</summary>
    public readonly bool IsReady => _window.IsFull;

    /// <summary>Returns the return (valid once <see cref="IsReady"/>; 0 if the old value is 0).</summary>
    public readonly double Value
    {
        get
        {
            double old = _window.Oldest;
            return old == 0 ? 0 : _window.Ago(0) / old - 1;
        }
    }

    /// <summary>Adds a value and returns whether the indicator is ready.</summary>
    public bool Update(double value)
    {
        _window.Push(value);
        return IsReady;
    }
}
