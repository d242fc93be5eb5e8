namespace LogPlatform.Contracts;

/// <summary>Every Redis key and channel the services share, in one place.</summary>
public static class RedisNames
{
    /// <summary>The stream ingest appends to and workers read through <see cref="WritersGroup"/>.</summary>
    public const string IngestStream = "logs:ingest";
    public const string WritersGroup = "writers";

    /// <summary>
    /// Sorted set of the writers group's live consumers, scored by each one's last heartbeat (Unix ms). The group's own
    /// consumer list cannot tell a live worker from a dead one: Redis refreshes a consumer's idle time only when it is
    /// delivered entries, so an idle platform's workers look as dead as crashed ones.
    /// </summary>
    public const string WriterHeartbeats = "writers:heartbeats";

    /// <summary>Pub/sub: batches of stored logs (with ids), published by workers after commit.</summary>
    public const string LiveLogsChannel = "logs:live";
    /// <summary>Pub/sub: <see cref="LiveStats"/> every 500 ms from Stats.Service.</summary>
    public const string LiveStatsChannel = "stats:live";
    /// <summary>Pub/sub: alerts.</summary>
    public const string LiveAlertsChannel = "alerts:live";
    /// <summary>Pub/sub: each <see cref="Anomaly"/> as the analysis service finds it.</summary>
    public const string LiveAnomaliesChannel = "anomalies:live";

    /// <summary>String: the analysis service's lease (the holder's instance id, with a TTL); one instance analyses at a time.</summary>
    public const string AnalysisLease = "analysis:lease";

    /// <summary>Pub/sub: an alert rule or notification channel was created, changed or deleted (the message is its id); evaluators reload.</summary>
    public const string AlertRulesChangedChannel = "alert-rules:changed";

    /// <summary>Reliable notification delivery (an outbox): see <see cref="Notifications"/>.</summary>
    public static class Notifications
    {
        /// <summary>List per channel (suffix: the channel id) of <c>NotificationDelivery</c> JSON waiting to be sent; LPUSH in, LMOVE out.</summary>
        public const string OutboxPrefix = "notifications:outbox:";
        /// <summary>Set of channel ids whose outbox may hold work, so senders find the lists without KEYS.</summary>
        public const string ActiveChannels = "notifications:channels";
        /// <summary>List per sender instance (suffix: the instance id): deliveries being sent; put back in the outbox when the sender dies.</summary>
        public const string InFlightPrefix = "notifications:inflight:";
        /// <summary>Sorted set of senders' heartbeats (Unix ms), so a dead sender's in-flight list is found and re-queued.</summary>
        public const string SenderHeartbeats = "notifications:senders";
        /// <summary>Sorted set of deliveries waiting for their next attempt, scored by when it is due (Unix ms).</summary>
        public const string RetrySchedule = "notifications:retry";
        /// <summary>List: deliveries that failed every attempt (newest first, capped), with the last error.</summary>
        public const string Dead = "notifications:dead";
    }

    /// <summary>List: rejected and poison entries, each with its reason.</summary>
    public const string DeadLetterList = "logs:deadletter";
    /// <summary>String keys (with a TTL) remembering an ingest request's Idempotency-Key, so a retried request is not enqueued twice.</summary>
    public const string IngestIdempotencyPrefix = "ingest:idempotency:";

    /// <summary>List: capped history of <see cref="LiveStats"/> points, newest first, for charts.</summary>
    public const string StatsHistoryList = "stats:history";

    /// <summary>List: the latest system alerts (newest first, capped), so a screen opened later still shows them.</summary>
    public const string AlertsHistoryList = "alerts:history";

    /// <summary>
    /// Set: the top-level property names stored logs have had (at most <see cref="MaxPropertyNames"/>), recorded by the
    /// workers; the gateway refuses a filter on a name no log ever had, instead of answering an empty result.
    /// </summary>
    public const string PropertyNames = "logs:property_names";
    public const int MaxPropertyNames = 10_000;

    /// <summary>Counters (INCRBY), so figures survive any one process.</summary>
    public static class Counters
    {
        public const string Accepted = "stats:accepted";
        public const string Rejected = "stats:rejected";
        /// <summary>Text lines no format matched: accepted (stored raw, flagged <c>parse_error</c>), and also counted here.</summary>
        public const string Unparsed = "stats:unparsed";
        public const string Stored = "stats:stored";
        public const string Batches = "stats:batches";
        public const string DeadLettered = "stats:deadlettered";
        public const string StoreErrors = "stats:store_errors";
        /// <summary>Syslog datagrams (UDP) ingest dropped under back-pressure or with Redis down: UDP cannot be slowed.</summary>
        public const string SyslogDropped = "stats:syslog_dropped";
        /// <summary>Anomalies the analysis service found (and stored).</summary>
        public const string Anomalies = "stats:anomalies";
        /// <summary>Notifications delivered, and those that went dead after every attempt failed.</summary>
        public const string NotificationsDelivered = "stats:notifications_delivered";
        public const string NotificationsDead = "stats:notifications_dead";
    }
}
