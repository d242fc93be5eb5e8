using LogPlatform.Hosting;
using LogPlatform.Storage.Schema;

var builder = DistributedApplication.CreateBuilder(args);

var ingestApiKey = builder.AddParameter("ingest-api-key", "dev-ingest-key");
var streamToken = builder.AddParameter("stream-token", "dev-stream-token");

var redis = builder.AddRedis("redis", port: 6390);
var postgres = builder.AddPostgres("postgres", port: 5440);
var logs = postgres.AddDatabase("logs").WithInitializer(LogsSchema.ApplyAsync);

var ingest = builder.AddProject<Projects.Ingest_Api>("ingest")
    .WithHttpEndpoint(port: 5010)
    .WithReference(redis).WaitFor(redis)
    .WithEnvironment("Ingest__ApiKeys__0", ingestApiKey);

var worker = builder.AddProject<Projects.Worker_Service>("worker")
    .WithReplicas(2)
    .WithReference(redis).WaitFor(redis)
    .WithReference(logs).WaitFor(logs);

var stats = builder.AddProject<Projects.Stats_Service>("stats")
    .WithReference(redis).WaitFor(redis);

var gateway = builder.AddProject<Projects.Realtime_Gateway>("gateway")
    .WithHttpEndpoint(port: 5020)
    .WithReference(redis).WaitFor(redis)
    .WithReference(logs).WaitFor(logs)
    .WithEnvironment("Gateway__Tokens__0", streamToken);

var dashboard = builder.AddProject<Projects.Dashboard_Web>("dashboard")
    .WithHttpEndpoint(port: 5000)
    .WithReference(gateway).WaitFor(gateway)
    .WithEnvironment("Dashboard__GatewayToken", streamToken);

gateway.WithEnvironment("Gateway__AllowedOrigins__0", dashboard);

builder.Build().Run();
