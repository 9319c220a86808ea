using System.Diagnostics.CodeAnalysis;

namespace QpsFast.Ring;

internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowBufferSizeNotPowerOfTwo(int bufferSize) =>
        throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize, "Buffer size must be a positive power of two.");

    [DoesNotReturn]
    public static void ThrowClaimOutOfRange(int n, int bufferSize) =>
        throw new ArgumentOutOfRangeException(nameof(n), n, $"A claim must be between 1 and the buffer size ({bufferSize}).");

    [DoesNotReturn]
    public static void ThrowPipelineFaulted(Exception fault) =>
        throw new PipelineFaultedException("The pipeline faulted; the producer cannot claim more slots.", fault);

    [DoesNotReturn]
    public static void ThrowAlreadyRunning(string name) =>
        throw new InvalidOperationException($"Event processor '{name}' is already running.");

    [DoesNotReturn]
    public static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);
}
