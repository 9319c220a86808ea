namespace QpsFast.Engine.Pipeline;

/// <summary>
/// A pipeline stage: reads the slot's input and the derived records earlier stages appended, and appends its own.
/// Implemented by structs and called through generic constraints; a stage owns its state and must not allocate,
/// read a clock or random source, or depend on anything but the records it is given.
/// </summary>
public interface IStage
{
    /// <summary>Processes one slot.</summary>
    void Process(ref Slot slot);
}
