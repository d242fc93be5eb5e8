using Realtime.Gateway.Alerting;
using Realtime.Gateway.Api;
using Realtime.Gateway.Compatibility;
using Realtime.Gateway.Filtering;
using Realtime.Gateway.Security;
using Realtime.Gateway.Streaming;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisClient("redis", configureOptions: RedisConnectionDefaults.Apply);
builder.AddNpgsqlDataSource("logs");
builder.AddLiveStreams();
builder.AddStreamCompatibility();
builder.AddBrowserCors();
builder.AddPropertyNameCheck();
builder.AddCompatibleApis();
builder.AddFileStreamingControl();
builder.AddAnalysisReads();
builder.AddAlertRuleBacktest();
builder.AddAlerting();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseCors();
app.UseWebSockets();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapScalarApiReference();
app.MapLiveStreams();
app.MapStreamCompatibility();
app.MapLogsApi();
app.MapStatsApi();
app.MapCompatibleApis();
app.MapFileStreamingControl();
app.MapPatternsApi();
app.MapAnomaliesApi();
app.MapAlertRuleBacktest();
app.MapAlerting();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
