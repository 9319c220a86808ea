namespace QpsFast.Perf.Ring;

/// <summary>Sums values; signals the run's end at the target sequence (checked at batch ends only).</summary>
public struct SumHandler : QpsFast.Ring.IEventHandler<PerfEvent>
{
    private readonly RunControl _control;

    /// <summary>The running sum, read after the run.</summary>
    public long Sum;

    /// <summary>Creates the handler.</summary>
    public SumHandler(RunControl control) => _control = control;

    /// <inheritdoc />
    public readonly void OnBatchStart(long batchSize) { }

    /// <inheritdoc />
    public void OnEvent(ref PerfEvent e, long sequence, bool endOfBatch)
    {
        Sum += e.Value;
        if (endOfBatch && sequence >= _control.TargetSequence)
            _control.MarkEnd();
    }
}

/// <summary>A pipeline step: writes a function of the earlier steps into its own field; the last step sums and signals.</summary>
public struct StepHandler : QpsFast.Ring.IEventHandler<PipelineEvent>
{
    private readonly RunControl? _control;
    private readonly int _step;

    /// <summary>The running sum of this step's results.</summary>
    public long Sum;

    /// <summary>Creates step <paramref name="step"/> (1 to 3); the one given a control signals the end.</summary>
    public StepHandler(int step, RunControl? control)
    {
        _step = step;
        _control = control;
    }

    /// <inheritdoc />
    public readonly void OnBatchStart(long batchSize) { }

    /// <inheritdoc />
    public void OnEvent(ref PipelineEvent e, long sequence, bool endOfBatch)
    {
        switch (_step)
        {
            case 1: Sum += e.StepOne = e.Value + 3; break;
            case 2: Sum += e.StepTwo = e.StepOne * 7; break;
            default: Sum += e.StepThree = e.StepTwo - e.Value; break;
        }
        if (_control is not null && endOfBatch && sequence >= _control.TargetSequence)
            _control.MarkEnd();
    }
}
