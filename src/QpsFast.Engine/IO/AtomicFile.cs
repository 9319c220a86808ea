namespace QpsFast.Engine.IO;

/// <summary>
/// Writes a file under a temporary name in the same folder, flushes it to disk and renames it into place, so no
/// half-written file is ever left under the real name; on failure the temporary file is deleted.
/// </summary>
public static class AtomicFile
{
    /// <summary>Creates <paramref name="path"/> (and its folder) from what <paramref name="write"/> writes to the stream.</summary>
    public static void Write(string path, Action<FileStream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Creates <paramref name="path"/> from the text <paramref name="write"/> writes (UTF-8).</summary>
    public static void WriteText(string path, Action<TextWriter> write) => Write(path, stream =>
    {
        using var text = new StreamWriter(stream, leaveOpen: true);
        write(text);
    });
}
