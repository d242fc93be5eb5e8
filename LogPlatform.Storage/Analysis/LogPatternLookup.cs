using LogPlatform.Contracts;
using Npgsql;

namespace LogPlatform.Storage.Analysis;

/// <summary>
/// The stored pattern of one stored log. The miner does not record a pattern per log, and a pattern's id cannot be
/// computed from a log (it is a hash of the application and of the first line the pattern was created with, whose
/// template later generalises), so a log's pattern is a stored template of its application that its message matches, as
/// <c>pattern=</c> on the logs API matches them. The application's patterns are tried in the order most likely to hold
/// the log: one that lists the log among its example ids (the miner put it there), then those whose first and last seen
/// cover the log's timestamp (the miner's pattern of the log always does), then the most recently seen; of those that
/// match, the most specific template (most literal text) wins.
/// </summary>
public sealed class LogPatternLookup(NpgsqlDataSource dataSource)
{
    /// <summary>The application's patterns tried at most, so that one request stays cheap whatever the application logs.</summary>
    public const int MaxCandidates = 2_000;

    public async Task<PatternRow?> FindAsync(LogEvent log, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {PatternQueries.Columns}, @log_id = ANY(example_log_ids) AS example,
                   (first_seen <= @at AND last_seen >= @at) AS covers
            FROM patterns WHERE application = @application
            ORDER BY example DESC, covers DESC, last_seen DESC, id
            LIMIT @max
            """);
        command.Parameters.AddWithValue("log_id", log.Id);
        command.Parameters.AddWithValue("at", log.Timestamp.ToUniversalTime());
        command.Parameters.AddWithValue("application", log.Application);
        command.Parameters.AddWithValue("max", MaxCandidates);

        PatternRow? best = null;
        var bestRank = (Covers: false, Literal: -1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = PatternQueries.Read(reader);
            if (reader.GetBoolean(8)) return row;
            var rank = (Covers: reader.GetBoolean(9), Literal: PatternTemplate.LiteralLength(row.Template));
            // Rows come covering ones first: once one matched, no later row that does not cover can win.
            if (best is not null && bestRank.Covers && !rank.Covers) break;
            if (rank.Covers == bestRank.Covers && rank.Literal <= bestRank.Literal) continue;
            // The literal runs first (no allocation of an expression for most templates); the expression is linear in time
            // (NonBacktracking), so no timeout is needed whatever the message.
            if (!PatternTemplate.CanMatch(row.Template, log.Message)) continue;
            if (!PatternTemplate.ToDotNetRegex(row.Template).IsMatch(log.Message)) continue;
            (best, bestRank) = (row, rank);
        }
        return best;
    }

    /// <summary>The last log id the analysis has processed and stored patterns for (0 before it ever ran).</summary>
    public async Task<long> MinedUpToAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT last_log_id FROM analysis_checkpoints WHERE name = @name");
        command.Parameters.AddWithValue("name", AnalysisStore.CheckpointName);
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : 0;
    }
}
