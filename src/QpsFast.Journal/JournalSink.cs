using QpsFast.Engine.Pipeline;
using QpsFast.Ring;

namespace QpsFast.Journal;

/// <summary>
/// The journal stage: the pipeline's output processor. Appends each slot's record stream (input, then derived
/// records) to the journal, flushes at the end of each batch (holding the writer for the batch, see
/// <see cref="JournalWriter.BeginBatch"/>), and feeds the run's <see cref="StreamStats"/>.
/// </summary>
public readonly struct JournalSink(JournalWriter writer, StreamStats stats) : IEventHandler<Slot>
{
    /// <summary>Returns the writer.</summary>
    public JournalWriter Writer { get; } = writer;

    /// <summary>Returns the statistics.</summary>
    public StreamStats Stats { get; } = stats;

    /// <inheritdoc />
    public void OnBatchStart(long batchSize) => Writer.BeginBatch();

    /// <inheritdoc />
    public void OnEvent(ref Slot slot, long sequence, bool endOfBatch)
    {
        Stats.Add(ref slot);
        Writer.Append(slot.Stream);
        if (endOfBatch)
        {
            Writer.Flush();
            Writer.EndBatch();
        }
    }
}
