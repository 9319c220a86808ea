namespace QpsFast.Ring;

/// <summary>The lifecycle of an event processor, independent of its slot, wait strategy and handler types.</summary>
public interface IEventProcessor
{
    /// <summary>Returns the processor's name, used in errors and thread names.</summary>
    string Name { get; }

    /// <summary>Returns the sequence of the last event this processor finished.</summary>
    Sequence Sequence { get; }

    /// <summary>Returns the barrier this processor waits on.</summary>
    SequenceBarrier Barrier { get; }

    /// <summary>Returns whether the processor's loop is running.</summary>
    bool IsRunning { get; }

    /// <summary>Returns the handler failure that halted the processor, if any.</summary>
    EventHandlerException? Fault { get; }

    /// <summary>Returns or sets the callback invoked on the processor's thread when its handler throws.</summary>
    Action<EventHandlerException>? FaultCallback { get; set; }

    /// <summary>Starts the processor on a new thread, pinned to <paramref name="cpu"/> when it is 0 or more.</summary>
    void Start(int cpu = -1);

    /// <summary>Asks the processor to stop after its current batch.</summary>
    void Halt();

    /// <summary>Waits for the processor's thread to end; throws its <see cref="Fault"/> if it had one.</summary>
    /// <exception cref="EventHandlerException">The handler threw.</exception>
    void Join();

    /// <summary>
    /// Handles, on the calling thread and without waiting, every event the stage's barrier shows and it has not
    /// handled yet: for a first stage behind a single producer that runs on the producer's thread instead of its own
    /// (never <see cref="Start"/>ed).
    /// </summary>
    /// <exception cref="PipelineFaultedException">The handler threw (now or before): the fault is recorded and every stage halted as on a thread of its own.</exception>
    void ProcessAvailable();
}
