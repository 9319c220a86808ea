using QpsFast.Engine.Records;

namespace QpsFast.Engine.Pipeline;

/// <summary>
/// What an output sink saw: the XxHash64 digest of the whole record stream (inputs and derived records in stream
/// order) and counts per kind and per alpha. Written by the output thread; read after the pipeline stops.
/// </summary>
public sealed class StreamStats
{
    private readonly long[] _byKind = new long[256];
    private readonly long[] _signalsBySource = new long[256];
    private readonly long[] _fillsByAlpha = new long[256];
    private readonly long[] _rejectsByReason = new long[1024];

    private readonly bool _hashes;

    /// <summary>Statistics that hash every record they count into a digest of their own.</summary>
    public StreamStats()
    {
        Digest = new RecordStreamDigest();
        _hashes = true;
    }

    /// <summary>
    /// Statistics whose digest is <paramref name="digest"/>, fed by whoever else sees the same records in the same order
    /// (the journal writer hashes each record it frames: see <c>JournalWriter.NewStats</c>), so the output thread hashes
    /// each record once, not twice. The digest is then complete once that writer has framed everything (flushed).
    /// </summary>
    public StreamStats(RecordStreamDigest digest)
    {
        Digest = digest;
        _hashes = false;
    }

    /// <summary>
    /// Returns the digest of the records counted: hashed here, or (built with a digest of someone else's) that one,
    /// complete once its feeder has caught up (a journal writer, once it has flushed).
    /// </summary>
    public RecordStreamDigest Digest { get; }

    private long _inputs;

    /// <summary>Returns the number of input records seen (an acquire read: safe from any thread).</summary>
    public long Inputs => Volatile.Read(ref _inputs);

    /// <summary>Returns the number of derived records seen.</summary>
    public long Derived { get; private set; }

    /// <summary>Returns the last record seen (for the final marks, sequence and time).</summary>
    public Record Last { get; private set; }

    /// <summary>Returns the count of records of <paramref name="kind"/>.</summary>
    public long CountOf(RecordKind kind) => _byKind[(byte)kind];

    /// <summary>Returns the number of signals from <paramref name="source"/>.</summary>
    public long SignalsFrom(byte source) => _signalsBySource[source];

    /// <summary>Returns the number of fills for the alpha with source id <paramref name="source"/>.</summary>
    public long FillsFor(byte source) => _fillsByAlpha[source];

    /// <summary>Returns the number of rejects and risk events with reason code <paramref name="reason"/>.</summary>
    public long RejectsWith(ushort reason) => reason < _rejectsByReason.Length ? _rejectsByReason[reason] : 0;

    /// <summary>Feeds one slot.</summary>
    public void Add(ref Slot slot)
    {
        if (_hashes)
            Digest.Append(slot.Stream);
        var derived = slot.Derived;
        Volatile.Write(ref _inputs, _inputs + 1);
        Derived += derived.Length;
        _byKind[(byte)slot.Input.Kind]++;
        for (int i = 0; i < derived.Length; i++)
        {
            ref readonly var r = ref derived[i];
            _byKind[(byte)r.Kind]++;
            if (r.Kind == RecordKind.Signal)
                _signalsBySource[r.Source]++;
            else if (r.Kind == RecordKind.Fill)
                _fillsByAlpha[(byte)r.Flags]++;
            else if (r.Kind is RecordKind.Reject or RecordKind.RiskEvent && r.Aux < _rejectsByReason.Length)
                _rejectsByReason[r.Aux]++;
        }
        Last = derived.Length > 0 ? derived[^1] : slot.Input;
    }
}

/// <summary>The default output stage: feeds every slot to a <see cref="StreamStats"/>.</summary>
public readonly struct StatsSink(StreamStats stats) : QpsFast.Ring.IEventHandler<Slot>
{
    /// <summary>Returns the statistics.</summary>
    public StreamStats Stats { get; } = stats;

    /// <inheritdoc />
    public void OnBatchStart(long batchSize) { }

    /// <inheritdoc />
    public void OnEvent(ref Slot slot, long sequence, bool endOfBatch) => Stats.Add(ref slot);
}
