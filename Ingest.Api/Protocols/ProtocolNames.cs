using System.Text.Json;

namespace Ingest.Api.Protocols;

/// <summary>The property names every protocol door adds to a log's <c>properties</c>.</summary>
public static class ProtocolNames
{
    /// <summary>The door a log came in by: <c>clef</c>, <c>otlp</c>, <c>loki</c>.</summary>
    public static readonly JsonEncodedText IngestProtocol = JsonEncodedText.Encode("ingest_protocol");
}
