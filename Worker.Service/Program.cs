using Worker.Service;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// No span per Redis command: the consumer polls every few milliseconds, so its traces would be thousands of empty
// XREADGROUP spans a second, exported to the dashboard for nothing. The batch's own "store logs" span carries the trace.
builder.AddRedisClient("redis", settings => settings.DisableTracing = true, RedisConnectionDefaults.Apply);
builder.AddNpgsqlDataSource("logs");
builder.AddWorker();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Visible to tests.</summary>
public partial class Program;
