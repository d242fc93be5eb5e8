namespace LogPlatform.Shipping.Tailing;

/// <summary>A source cannot go on (its sender was refused, for example a wrong API key).</summary>
public sealed class ShipperStoppedException(string message) : Exception(message);
