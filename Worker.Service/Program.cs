using Worker.Service;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisClient("redis", configureOptions: RedisConnectionDefaults.Apply);
builder.AddNpgsqlDataSource("logs");
builder.AddWorker();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Visible to tests.</summary>
public partial class Program;
