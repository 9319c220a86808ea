namespace QpsFast.Venue.Wire;

/// <summary>A peer broke the protocol or the connection (docs/protocol.md); the message names the session, the sequence and what was wrong.</summary>
public class ProtocolException(string message) : Exception(message);

/// <summary>A message's sequence is not the next one: messages were lost on the way; a reconnect resynchronises.</summary>
public sealed class SequenceGapException(string message) : ProtocolException(message);
