namespace Dashboard.Web.Anomalies;

/// <summary>One anomaly placed on a chart, in SVG units; <see cref="Title"/> is its tooltip (kind and score).</summary>
public sealed record AnomalyPoint(string Id, double X, double Y, string Severity, string Title);
