namespace QpsFast.Venue.Wire;

/// <summary>A peer broke the protocol or the connection (docs/protocol.md); the message names the session, the sequence and what was wrong.</summary>
public sealed class ProtocolException(string message) : Exception(message);
