using QpsFast.Venue.Wire;

namespace QpsFast.Venue.Client;

/// <summary>
/// The execution-report reader: its own thread reads the order session and publishes each report into the ring
/// through <see cref="SessionInputs"/>, without allocating per report once warm.
/// </summary>
public sealed class ReportReader(FrameReader orders, SessionInputs inputs)
    {
        /// <summary>Reports read.</summary>
    public long Reports;
        /// <summary>Bytes allocated on the thread after its warm-up (−1: too few reports to say).</summary>
    public long SteadyAllocatedBytes = -1;
        /// <summary>The protocol error that stopped it, or null (a gap is a <see cref="SequenceGapException"/>).</summary>
    public ProtocolException? Failure;

    /// <summary>What stopped it other than the venue closing, or null.</summary>
    public string? Problem;
        /// <summary>Called on the reader's thread when it stops (the venue closed the session, or broke the protocol).</summary>
    public Action? OnStopped { get; set; }

    /// <summary>Set once the venue's reconciliation (after a reconnect) is in the ring.</summary>
    public ManualResetEventSlim Reconciled { get; } = new();

    /// <summary>Whether it has stopped.</summary>
    public volatile bool Stopped;

        /// <summary>The thread's body: reads until the venue closes the session.</summary>
    public void Run()
        {
            long warm = 0;
            try
            {
                while (true)
                {
                    var m = orders.Next(block: true);
                    if (m.IsEmpty)
                        break;
                    if (WireHeader.Type(m) == MessageType.Heartbeat)
                        continue;
                    if (WireHeader.Type(m) != MessageType.ExecutionReport)
                        throw new ProtocolException($"order session: message {orders.LastSequence} has type '{(char)WireHeader.Type(m)}', which the venue does not send there");
                    var report = ExecutionReportMessage.Read(m);
                    inputs.Execution(report.ToRecord());
                    if (report.Type == Engine.Records.ExecType.ReconcileEnd)
                        Reconciled.Set();
                    if (++Reports == LiveVenueSession.WarmUpMessages)
                        warm = GC.GetAllocatedBytesForCurrentThread();
                }
                if (Reports > LiveVenueSession.WarmUpMessages)
                    SteadyAllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - warm;
            }
            catch (ProtocolException e)
            {
                Problem = e.Message;
                Failure = e;
            }
            finally
            {
                Stopped = true;
                Reconciled.Set(); // nobody waits for a reconciliation that cannot come
                OnStopped?.Invoke();
            }
        }
    }
