namespace QpsFast.Data.Readers;

/// <summary>
/// Bad market data: names the file, the 1-based line, the column and the offending value. Readers throw it before
/// anything from the file reaches a pipeline.
/// </summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public DataFormatException(string file, long line, string column, string value, string problem)
        : base($"{file}:{line}: column '{column}', value '{Shorten(value)}': {problem}")
    {
        File = file;
        Line = line;
        Column = column;
        Value = value;
    }

    private DataFormatException(string message, string file, long line, string column, string value)
        : base(message)
    {
        File = file;
        Line = line;
        Column = column;
        Value = value;
    }

    /// <summary>Bad data in row <paramref name="row"/> (1-based) of a columnar file (Parquet): "FILE: row N: column …".</summary>
    public static DataFormatException AtRow(string file, long row, string column, string value, string problem) =>
        new($"{file}: row {row}: column '{column}', value '{Shorten(value)}': {problem}", file, row, column, value);

    /// <summary>A problem with the whole file (not a format this reader reads, a missing column): "FILE: problem".</summary>
    public static DataFormatException InFile(string file, string problem) => new($"{file}: {problem}", file, 0, "", "");

    /// <summary>Returns the file.</summary>
    public string File { get; }

    /// <summary>Returns the 1-based line.</summary>
    public long Line { get; }

    /// <summary>Returns the column name (or index).</summary>
    public string Column { get; }

    /// <summary>Returns the offending value.</summary>
    public string Value { get; }

    private static string Shorten(string v) => v.Length <= 80 ? v : v[..77] + "...";
}
