namespace QpsFast.Engine.Strategies;

/// <summary>
/// One book a strategy trades: its source id (from <see cref="Alphas.AlphaIds.FirstUser"/> up to 39), a stable name
/// (the book's name in results and reports), whether the engine closes its positions at session end, and its
/// parameters as JSON (recorded with the run).
/// </summary>
/// <param name="Source">The source id its signals carry; the book's key.</param>
/// <param name="Name">A stable name: letters, digits, '-', '_' or '.'.</param>
/// <param name="FlattenAtSessionEnd">Cancel its pending orders and close its positions at the last marks when the session ends.</param>
/// <param name="ParametersJson">Its parameters as a JSON object, or null.</param>
/// <param name="RecordsPerInput">Outbox records the engine keeps free for this strategy at every input: its signals
/// and what risk makes of them (an order or reject each, and the cancels a replacing target makes). A strategy that
/// appends more than the outbox holds halts the engine with <see cref="Pipeline.OutboxOverflowException"/>.</param>
public sealed record StrategyInfo(byte Source, string Name, bool FlattenAtSessionEnd = false, string? ParametersJson = null, int RecordsPerInput = 4);
