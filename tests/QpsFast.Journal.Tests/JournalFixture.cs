using System.IO.Hashing;
using System.Runtime.InteropServices;
using QpsFast.Data.Synthetic;
using QpsFast.Engine.Pipeline;
using QpsFast.Ring;
using Record = QpsFast.Engine.Records.Record;
using QpsFast.Replay;

namespace QpsFast.Journal.Tests;

/// <summary>A journal written by a real pipeline run over one day of synthetic data, in a temp folder.</summary>
public sealed class JournalFixture : IDisposable
{
    private const long MaxSegmentBytes = 96 * 1024; // small segments: several of them, rolls exercised

    public JournalFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("qps-journal-").FullName;
        var list = new List<Record>();
        new SyntheticMarket(new SyntheticOptions(Days: 1)).Generate(c => list.AddRange(c));
        Manifest = new SessionManifest("fixture", SyntheticMarket.NamesFor(4), 42, "fused", new EngineSettings());
        var session = SessionRunner.Run(new SessionPlan { Manifest = Manifest, JournalDirectory = Directory, MaxSegmentBytes = MaxSegmentBytes }, list.ToArray());
        Stats = session.Stats;
        var writer = session.Journal!;
        Segments = writer.Segments; // after Dispose wrote the last frame and sealed
        BytesWritten = writer.BytesWritten;
        RawStream = ReadRaw(Directory);
    }

    public string Directory { get; }

    public SessionManifest Manifest { get; }

    public StreamStats Stats { get; }

    public int Segments { get; }

    public long BytesWritten { get; }

    /// <summary>The raw record stream as read back by the reader.</summary>
    public byte[] RawStream { get; }

    public string[] SegmentPaths => JournalReader.Open(Directory).SegmentPaths.ToArray();

    public static byte[] ReadRaw(string directory)
    {
        var ms = new MemoryStream();
        JournalReader.Open(directory).Read(records => ms.Write(MemoryMarshal.AsBytes(records)));
        return ms.ToArray();
    }

    public static ulong Digest(byte[] raw) => XxHash64.HashToUInt64(raw);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
