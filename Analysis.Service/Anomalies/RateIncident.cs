namespace Analysis.Service.Anomalies;

/// <summary>Whether a key's rate is in an incident already reported (so it is reported once, not every minute).</summary>
public enum RateIncident : byte
{
    None,
    Rise,
    Drop,
}
