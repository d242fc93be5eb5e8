using Ingest.Api;
using Ingest.Api.Logs;
using Ingest.Api.Protocols;
using Ingest.Api.Sources;
using Ingest.Api.Uploads;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisClient("redis", configureOptions: RedisConnectionDefaults.Apply);
builder.AddIngest();

var app = builder.Build();
app.UseRequestDecompression();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapScalarApiReference(scalar => scalar
    .WithTitle("LogPlatform Ingest API")
    .AddPreferredSecuritySchemes(IngestOpenApiDocument.SchemeName));
app.MapLogIngestEndpoints();
app.MapUploadEndpoints();
app.MapProtocolEndpoints();
app.MapSourceEndpoints();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
