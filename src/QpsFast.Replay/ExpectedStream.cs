using QpsFast.Engine.Records;
using QpsFast.Ring;
using QpsFast.Journal;

namespace QpsFast.Replay;

/// <summary>
/// The journal's records on their way from the replay's reader thread to the verifying output stage: a bounded ring
/// (ours), one producer (the reader), read by the thread that publishes the inputs and by the verifier, released by the
/// verifier, so replay memory stays bounded however long the journal.
/// </summary>
internal sealed class ExpectedStream
{
    private readonly RingBuffer<Record> _ring;
    private readonly SingleProducerSequencer _sequencer;
    private readonly Sequence _consumed = new();
    private volatile bool _complete;

    public ExpectedStream(int bufferSize)
    {
        _ring = new RingBuffer<Record>(bufferSize);
        _sequencer = new SingleProducerSequencer(bufferSize);
        _sequencer.AddGatingSequences(_consumed);
    }

    /// <summary>Producer: appends records, claiming and publishing up to 256 slots at a time, each run copied at once.</summary>
    public void Push(ReadOnlySpan<Record> records)
    {
        while (!records.IsEmpty)
        {
            int n = Math.Min(256, records.Length);
            long hi = _sequencer.Next(n);
            long lo = hi - n + 1;
            var first = _ring.Contiguous(lo, n);
            records[..first.Length].CopyTo(first);
            if (first.Length < n)
                records[first.Length..n].CopyTo(_ring.Contiguous(lo + first.Length, n - first.Length));
            _sequencer.Publish(lo, hi);
            records = records[n..];
        }
    }

    /// <summary>Producer: no more records will come; <paramref name="truncated"/> if the journal ended early (a torn or unsealed tail).</summary>
    public void Complete(bool truncated)
    {
        Truncated = truncated;
        _complete = true;
    }

    /// <summary>Consumer gave up (<paramref name="reason"/>): a producer waiting for room stops with <see cref="PipelineFaultedException"/>.</summary>
    public void Cancel(Exception reason) => _sequencer.SetFault(reason);

    /// <summary>Returns whether the journal ended early, so its last group may lack records.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Returns whether the producer has finished.</summary>
    public bool IsComplete => _complete;

    /// <summary>Returns the highest pushed index (acquire).</summary>
    public long Published => _sequencer.Cursor.Value;

    /// <summary>Returns the record at <paramref name="index"/> (must be published and not yet released).</summary>
    public ref Record At(long index) => ref _ring[index];

    /// <summary>Returns up to <paramref name="count"/> records from <paramref name="index"/> on, up to the ring's wrap (call again for the rest).</summary>
    public ReadOnlySpan<Record> Contiguous(long index, int count) => _ring.Contiguous(index, count);

    /// <summary>Gives the ring's memory back for the next replay's (once its reader and verifier have stopped).</summary>
    public void Release() => _ring.Release();

    /// <summary>Consumer: releases every record below <paramref name="index"/>.</summary>
    public void ReleaseBelow(long index) => _consumed.SetValue(index - 1);
}
