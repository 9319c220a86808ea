using System.Runtime.InteropServices;

namespace QpsFast.Ring;

/// <summary>
/// Zeroed native memory for a large ring, backed by transparent huge pages where the OS offers them, and freed when
/// its owner (the ring) is collected.
/// </summary>
/// <remarks>
/// On Linux the memory is an anonymous mapping, aligned to 2 MiB and marked <c>MADV_HUGEPAGE</c>, so the kernel
/// backs it with 2 MiB pages on first touch: a 64 MiB ring then takes 32 page faults, not 16,384. On the VM these
/// figures come from a first touch of a 4 KiB page costs about 13 µs (64 MiB: 200–220 ms; with huge pages 5–8 ms,
/// docs/performance/ring.md), which every engine built paid before its first event. Where the kernel refuses the
/// advice (THP off), the mapping still works with small pages. Elsewhere the memory comes from
/// <see cref="NativeMemory.AlignedAlloc"/> and is cleared.
/// </remarks>
internal sealed unsafe partial class RingMemory : SafeHandle
{
    /// <summary>The huge page size the mapping is aligned to.</summary>
    public const int HugePage = 2 << 20;

    private const int ProtReadWrite = 0x1 | 0x2;
    private const int MapPrivateAnonymous = 0x02 | 0x20;
    private const int MadvHugePage = 14;

    private readonly nint _mapping; // Linux: the whole mapping, for munmap
    private readonly nuint _mappedBytes;
    private readonly long _pressure;

    private RingMemory(nint mapping, nuint mappedBytes, byte* start, long bytes) : base(0, ownsHandle: true)
    {
        _mapping = mapping;
        _mappedBytes = mappedBytes;
        Start = start;
        Length = bytes;
        _pressure = bytes;
        SetHandle((nint)start);
        GC.AddMemoryPressure(bytes); // the GC cannot see native memory: tell it, so dropped rings are collected in time
    }

    /// <summary>Returns the first byte (aligned to <see cref="HugePage"/> on Linux, to 4 KiB elsewhere).</summary>
    public byte* Start { get; }

    /// <summary>Returns the usable bytes from <see cref="Start"/>.</summary>
    public long Length { get; }

    /// <summary>Returns whether the memory was advised for huge pages (Linux, and the kernel took the advice).</summary>
    public bool HugePages { get; private init; }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>Allocates <paramref name="bytes"/> zeroed bytes.</summary>
    /// <exception cref="OutOfMemoryException">The OS refused the memory.</exception>
    public static RingMemory Allocate(long bytes)
    {
        nuint rounded = (nuint)((bytes + HugePage - 1) & ~(long)(HugePage - 1));
        if (OperatingSystem.IsLinux())
        {
            // One huge page more than needed, so a 2 MiB-aligned start fits inside the mapping.
            nuint mapped = rounded + HugePage;
            nint mapping = Mmap(0, mapped, ProtReadWrite, MapPrivateAnonymous, -1, 0);
            if (mapping == -1)
                throw new OutOfMemoryException($"mmap of {mapped:N0} bytes for a ring failed (errno {Marshal.GetLastPInvokeError()})");
            byte* start = (byte*)(((nuint)mapping + HugePage - 1) & ~(nuint)(HugePage - 1));
            bool huge = Madvise(start, rounded, MadvHugePage) == 0;
            return new RingMemory(mapping, mapped, start, bytes) { HugePages = huge };
        }
        byte* memory = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, 4096);
        NativeMemory.Clear(memory, (nuint)bytes);
        return new RingMemory(0, 0, memory, bytes);
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        if (_mapping != 0)
            Munmap(_mapping, _mappedBytes);
        else
            NativeMemory.AlignedFree((void*)handle);
        GC.RemoveMemoryPressure(_pressure);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static partial int Munmap(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(void* address, nuint length, int advice);
}
