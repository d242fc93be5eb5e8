using LogPlatform.Shipping.Batches;

namespace Ingest.Api.Formats;

/// <summary>
/// A resolved format name: the parser for non-JSON lines (<see cref="Lines"/>, null for <c>json</c>), whether lines
/// starting with <c>{</c> go to the JSON path, and how lines are grouped into events.
/// </summary>
public sealed record TextFormatChoice(string Name, LineFormat? Lines, bool AcceptsJson, EventStartPattern StartRule);
