namespace QpsFast.Journal;

/// <summary>Options of the journal writer. Every option has a default; see docs/journal-format.md.</summary>
public sealed record JournalOptions
{
    /// <summary>The folder of the segments (created if missing).</summary>
    public required string Directory { get; init; }

    /// <summary>The stream name: segments are named <c>&lt;stream&gt;-&lt;first sequence&gt;.lz4</c>. Default "records".</summary>
    public string Stream { get; init; } = "records";

    /// <summary>A segment is sealed and the next one started once it reaches this size. Default 64 MiB.</summary>
    public long MaxSegmentBytes { get; init; } = 64L << 20;

    /// <summary>A segment is also sealed after this many data frames (the seek table's capacity). Default 65,536.</summary>
    public int MaxFramesPerSegment { get; init; } = 65_536;

    /// <summary>Where frames end. Default <see cref="Framing.Deterministic"/>: the segment files are then a pure function of the record stream.</summary>
    public Framing Framing { get; init; } = Framing.Deterministic;

    /// <summary>
    /// With <see cref="Framing.Deterministic"/>: the longest a record may wait in memory for its frame to fill. Once
    /// the oldest buffered record has waited this long, the buffered records are written as a frame of their own (at
    /// the next end of batch, or by the writer's flusher thread when no batch comes). Null (the default): frames are
    /// only ever full, and the segment files are a pure function of the record stream. With an interval, frame
    /// boundaries follow wall time: the decompressed record stream is the same, the compressed bytes are not.
    /// </summary>
    public TimeSpan? FlushInterval { get; init; }

    /// <summary>When to fsync. Default <see cref="FsyncPolicy.Interval"/>.</summary>
    public FsyncPolicy Fsync { get; init; } = FsyncPolicy.Interval;

    /// <summary>With <see cref="FsyncPolicy.Interval"/>: bytes between fsyncs. Default 8 MiB.</summary>
    public long FsyncIntervalBytes { get; init; } = 8L << 20;

    /// <summary>The run's configuration (JSON), recorded in the first segment's header so replay can rebuild the pipeline.</summary>
    public string Configuration { get; init; } = "";
}
