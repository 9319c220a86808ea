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
