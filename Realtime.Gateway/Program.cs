using Realtime.Gateway.Api;
using Realtime.Gateway.Security;
using Realtime.Gateway.Streaming;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisClient("redis", configureOptions: RedisConnectionDefaults.Apply);
builder.AddNpgsqlDataSource("logs");
builder.AddLiveStreams();
builder.AddBrowserCors();
builder.AddAnalysisReads();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseCors();
app.UseWebSockets();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapScalarApiReference();
app.MapLiveStreams();
app.MapLogsApi();
app.MapStatsApi();
app.MapPatternsApi();
app.MapAnomaliesApi();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
