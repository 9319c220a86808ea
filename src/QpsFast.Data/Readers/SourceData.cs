using QpsFast.Engine.Records;

namespace QpsFast.Data.Readers;

/// <summary>
/// Records read from one source, all for the symbols named. Each record's <see cref="Record.Symbol"/> indexes
/// <see cref="Symbols"/> until <see cref="MarketDataMerger"/> maps it to the run's symbol ids.
/// </summary>
public sealed record SourceData(string Path, string[] Symbols, Record[] Records);
