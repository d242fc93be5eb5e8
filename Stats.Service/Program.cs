using Stats.Service;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisClient("redis", configureOptions: RedisConnectionDefaults.Apply);
builder.AddStats();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
