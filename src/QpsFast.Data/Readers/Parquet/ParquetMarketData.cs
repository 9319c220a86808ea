namespace QpsFast.Data.Readers;

/// <summary>Reads a <c>.parquet</c> file as bars, trades, quotes or book updates, by its <see cref="ParquetMapping"/>.</summary>
public static class ParquetMarketData
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="DataFormatException">Not Parquet, a bad sidecar, a missing column or a bad value.</exception>
    public static SourceData Read(string path)
    {
        using var file = ParquetColumns.Open(path);
        return file.Mapping.Kind == "bars" ? BarParquetReader.Read(file) : TickParquetReader.Read(file);
    }
}
