using Microsoft.Extensions.Configuration;
using LogPlatform.Hosting;
using LogPlatform.Hosting.Postgres;
using LogPlatform.Hosting.Redis;
using LogPlatform.Hosting.Summary;

var builder = DistributedApplication.CreateBuilder(args);

// Fixed ports for the addresses people type (appsettings.json, Ports:<resource>); 0 or absent means any free port.
int? Port(string resource) => builder.Configuration.GetValue<int?>($"Ports:{resource}") is > 0 and var port ? port : null;

var ingestApiKey = builder.AddParameter("ingest-api-key", secret: true);
var streamToken = builder.AddParameter("stream-token", secret: true);
// Operator actions (the sources' start/stop, alert rules and channels): a key of their own, generated unless one is given.
var adminKey = builder.AddParameter("admin-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);

var redis = builder.AddRedisServer("redis", Port("redis"));
var logs = builder.AddPostgresDatabase("postgres", "logs", Port("postgres"));

var migrator = builder.AddProject<Projects.Migrator_Service>("migrator")
    .WithReference(logs).WaitFor(logs);

// The data paths (ingest, the gateway's streams) are not proxied: the orchestrator's proxy would copy every byte once more.
var ingest = builder.AddProject<Projects.Ingest_Api>("ingest", launchProfileName: null)
    .WithHttpEndpoint(port: Port("ingest"), isProxied: false)
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis)
    .WithEnvironment("Ingest__ApiKeys__0", ingestApiKey)
    .WithEndpoint(name: "syslog-tcp", port: Port("syslog-tcp"), scheme: "tcp", isProxied: false)
    .WithEndpoint(name: "syslog-udp", port: Port("syslog-udp"), scheme: "udp", isProxied: false,
        protocol: System.Net.Sockets.ProtocolType.Udp)
    .WithEndpoint(name: "otlp-grpc", port: Port("otlp-grpc"), scheme: "http", isProxied: false);
ingest.WithEnvironment("Ingest__Syslog__TcpPort", ingest.GetEndpoint("syslog-tcp").Property(EndpointProperty.TargetPort))
    .WithEnvironment("Ingest__Syslog__UdpPort", ingest.GetEndpoint("syslog-udp").Property(EndpointProperty.TargetPort))
    .WithEnvironment("Ingest__OtlpGrpcPort", ingest.GetEndpoint("otlp-grpc").Property(EndpointProperty.TargetPort));

// An operator-defined source from the first start: ingest tails the repository's sample logs (samples/logs/*.log).
var samples = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "samples", "logs"));
ingest.WithEnvironment("Admin__Key", adminKey)
    .WithEnvironment("Sources__AllowedDirectories__0", samples)
    .WithEnvironment("Sources__StateDirectory", LocalDataDirectory.For(builder, "ingest-sources"))
    .WithEnvironment("Sources__Definitions__samples__Glob", Path.Combine(samples, "*.log"))
    .WithEnvironment("Sources__Definitions__samples__Format", "logfmt")
    .WithEnvironment("Sources__Definitions__samples__Application", "samples");

// Replicas share a proxied endpoint (health only): the orchestrator cannot give replicas proxy-less ones.
var worker = builder.AddProject<Projects.Worker_Service>("worker", launchProfileName: null)
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReplicas(2)
    .WithReference(redis).WaitFor(redis)
    .WithReference(logs).WaitForCompletion(migrator);

var stats = builder.AddProject<Projects.Stats_Service>("stats", launchProfileName: null)
    .WithHttpEndpoint(isProxied: false)
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis);

// Two replicas, one active at a time (a lease in Redis): the other takes over within seconds when it dies.
builder.AddProject<Projects.Analysis_Service>("analysis", launchProfileName: null)
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReplicas(2)
    .WithReference(redis).WaitFor(redis)
    .WithReference(logs).WaitForCompletion(migrator);

var gateway = builder.AddProject<Projects.Realtime_Gateway>("gateway", launchProfileName: null)
    .WithHttpEndpoint(port: Port("gateway"), isProxied: false)
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis)
    .WithReference(logs).WaitForCompletion(migrator)
    .WithEnvironment("Gateway__Tokens__0", streamToken)
    // Changes to alert rules, silences and notification channels need the operators' key, as ingest's sources do.
    .WithEnvironment("Admin__Key", adminKey)
    // Control endpoints of file-tailing clients go on to Ingest's sources and uploads (with the caller's own key).
    .WithReference(ingest);

var dashboard = builder.AddProject<Projects.Dashboard_Web>("dashboard", launchProfileName: null)
    .WithHttpEndpoint(port: Port("dashboard"), isProxied: false)
    .WithHttpHealthCheck("/health")
    .WithReference(gateway).WaitFor(gateway)
    .WithEnvironment("Dashboard__GatewayToken", streamToken)
    // The upload page sends files to ingest from the dashboard's server, with the ingest key (never sent to browsers).
    .WithReference(ingest)
    .WithEnvironment("Dashboard__IngestApiKey", ingestApiKey)
    // The Alerts page changes rules, silences and channels from the dashboard's server, with the operators' key.
    .WithEnvironment("Dashboard__AdminKey", adminKey);
// The log details link a log's trace id to Aspire's own dashboard (its address is this AppHost's, when run locally).
if (builder.ExecutionContext.IsRunMode && builder.Configuration["ASPNETCORE_URLS"]?.Split(';')[0] is { Length: > 0 } aspireDashboardUrl)
{
    dashboard.WithEnvironment("Dashboard__AspireDashboardUrl", aspireDashboardUrl);
}

gateway.WithEnvironment("Gateway__AllowedOrigins__0", dashboard.GetEndpoint("http"));

builder.AddStartupSummaryLine(async ct => $"""
    LogPlatform dashboard: {dashboard.GetEndpoint("http").Url}
    Aspire dashboard (resources, console and structured logs, traces, metrics): {builder.Configuration["ASPNETCORE_URLS"]?.Split(';')[0]}/login?t={builder.Configuration["AppHost:BrowserToken"]}
    Ingest: {ingest.GetEndpoint("http").Url}/logs with X-Api-Key: {await ingestApiKey.Resource.GetValueAsync(ct)}
    Syslog: TCP {ingest.GetEndpoint("syslog-tcp").Host}:{ingest.GetEndpoint("syslog-tcp").Port} (octet counting or newline), UDP {ingest.GetEndpoint("syslog-udp").Host}:{ingest.GetEndpoint("syslog-udp").Port}
    OTLP/gRPC: {ingest.GetEndpoint("otlp-grpc").Url} (OTEL_EXPORTER_OTLP_PROTOCOL=grpc, OTEL_EXPORTER_OTLP_HEADERS=x-api-key=<key>)
    Sources: {ingest.GetEndpoint("http").Url}/api/v1/sources with X-Admin-Key: {await adminKey.Resource.GetValueAsync(ct)} (sample source 'samples' tails {samples}/*.log)
    Gateway: {gateway.GetEndpoint("http").Url} with access_token={await streamToken.Resource.GetValueAsync(ct)} (alert rules and channels: also X-Admin-Key)
    """);

builder.Build().Run();
