using System.Globalization;

namespace QpsFast.Engine.Tests.Indicators;

/// <summary>
/// One CSV reference sheet read by header name: the StockCharts worked sheets (the <c>ta</c> library's test data) differ
/// in date formats, leading index columns, trailing empty columns and empty cells before warm-up, so nothing here
/// depends on column order or parses dates. An empty cell reads as NaN.
/// </summary>
internal sealed class Sheet
{
    private readonly string[] _header;
    private readonly List<string[]> _rows;

    private Sheet(string[] header, List<string[]> rows)
    {
        _header = header;
        _rows = rows;
    }

    /// <summary>The number of data rows (blank lines skipped).</summary>
    public int Count => _rows.Count;

    /// <summary>Reads a sheet from indicators/stockcharts/ under the shared data (skips when it is absent).</summary>
    public static Sheet StockCharts(string file) => Load(SharedData.PathOf("indicators/stockcharts/" + file));

    /// <summary>Reads any comma-separated file whose first line is the header.</summary>
    public static Sheet Load(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        var rows = new List<string[]>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            if (cells.All(c => c.Trim().Length == 0))
                continue;
            rows.Add(cells);
        }
        return new Sheet(header, rows);
    }

    /// <summary>Returns the column with exactly this (trimmed) header as doubles, NaN where the cell is empty.</summary>
    public double[] Column(string name)
    {
        int index = Array.IndexOf(_header, name);
        Assert.True(index >= 0, $"no column '{name}' in [{string.Join(" | ", _header)}]");
        var values = new double[_rows.Count];
        for (int i = 0; i < _rows.Count; i++)
        {
            string cell = index < _rows[i].Length ? _rows[i][index].Trim() : "";
            values[i] = cell.Length == 0 ? double.NaN : double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return values;
    }

    /// <summary>Row labels for messages: the first column whose header mentions a date, else the first column.</summary>
    public string Label(int row)
    {
        int index = Array.FindIndex(_header, h => h.Contains("date", StringComparison.OrdinalIgnoreCase));
        var cells = _rows[row];
        return $"row {row} ({(index >= 0 && index < cells.Length ? cells[index] : cells[0]).Trim()})";
    }

    /// <summary>
    /// Compares <paramref name="actual"/> (NaN where the indicator is not ready) with a column on every row where both
    /// have a value, asserts that exactly <paramref name="expectedRows"/> rows were compared (so a test cannot pass on
    /// fewer rows than it claims), and that each differs by at most <paramref name="tolerance"/>.
    /// </summary>
    public void AssertColumn(string column, double[] actual, double tolerance, int expectedRows)
    {
        var expected = Column(column);
        Assert.Equal(expected.Length, actual.Length);
        var failures = new List<string>();
        int compared = 0;
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i]) || double.IsNaN(actual[i]))
                continue;
            compared++;
            double error = Math.Abs(actual[i] - expected[i]);
            worst = Math.Max(worst, error);
            if (!(error <= tolerance))
                failures.Add($"{column} {Label(i)}: sheet {expected[i]:R}, computed {actual[i]:R}, |Δ| {error:E2}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} rows beyond ±{tolerance:E1}:\n" + string.Join("\n", failures));
        Assert.True(compared == expectedRows, $"{column}: compared {compared} rows, expected {expectedRows} (worst |Δ| {worst:E2})");
    }

    /// <summary>A series of NaN of the sheet's length, to be filled where an indicator is ready.</summary>
    public double[] NewSeries() => Enumerable.Repeat(double.NaN, Count).ToArray();
}
