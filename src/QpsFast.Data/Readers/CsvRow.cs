using QpsFast.Engine.Values;

namespace QpsFast.Data.Readers;

/// <summary>One comma-separated line being parsed, with helpers that fail with the file, line and column.</summary>
internal readonly ref struct CsvRow
{
    private readonly string _file;
    private readonly long _line;
    private readonly string _text;
    private readonly Span<Range> _fields;
    private readonly IReadOnlyList<string> _names;
    private readonly int _capacity;

    public CsvRow(string file, long line, string text, Span<Range> fields, IReadOnlyList<string> names)
    {
        _file = file;
        _line = line;
        _text = text;
        _names = names;
        // Callers pass room for one more field than they expect, so a surplus shows as Count == fields.Length.
        Count = text.AsSpan().Split(fields, ',');
        _fields = fields[..Count];
        _capacity = fields.Length;
    }

    public int Count { get; }

    public string ColumnName(int i) => i < _names.Count ? _names[i] : $"#{i + 1}";

    public ReadOnlySpan<char> this[int i] => _text.AsSpan()[_fields[i]].Trim();

    public DataFormatException Error(int column, string problem) =>
        new(_file, _line, ColumnName(column), column < _fields.Length ? this[column].ToString() : "", problem);

    public void RequireColumns(int expected)
    {
        if (Count != expected)
            throw new DataFormatException(_file, _line, "(row)", _text, $"expected {expected} columns, found {(Count == _capacity ? "more" : Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
    }

    /// <summary>Parses a non-negative price exactly into fixed point.</summary>
    public long Price(int i)
    {
        if (!FixedPoint.TryParse(this[i], out long raw) || raw < 0)
            throw Error(i, "not a non-negative decimal number within the fixed-point range (±92,233,720,368.54775807)");
        if (raw == 0 && HasNonZeroDigit(this[i]))
            throw Error(i, "below the fixed-point resolution (0.00000001): it would be taken as 0");
        return raw;
    }

    private static bool HasNonZeroDigit(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c is >= '1' and <= '9')
                return true;
            if (c is 'e' or 'E')
                break; // the exponent's digits are not the value's
        }
        return false;
    }

    /// <summary>Parses a quantity exactly into fixed point (a plain decimal, or scientific notation).</summary>
    public long Quantity(int i)
    {
        if (FixedPoint.TryParse(this[i], out long raw))
        {
            if (raw < 0)
                throw Error(i, "negative quantity");
            if (raw == 0 && HasNonZeroDigit(this[i]))
                throw Error(i, "below the fixed-point resolution (0.00000001): it would be taken as 0");
            return raw;
        }
        if (decimal.TryParse(this[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out decimal d) && d >= 0
            && FixedPoint.TryFromDecimal(decimal.Round(d, FixedPoint.Decimals), out raw))
        {
            if (raw == 0 && d != 0)
                throw Error(i, "below the fixed-point resolution (0.00000001): it would be taken as 0");
            return raw;
        }
        throw Error(i, "not a non-negative number");
    }

    public long Long(int i)
    {
        if (!long.TryParse(this[i], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long v))
            throw Error(i, "not an integer");
        return v;
    }
}
