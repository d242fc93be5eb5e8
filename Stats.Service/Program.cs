using Stats.Service;
using Stats.Service.Publishing;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.Services.AddOptions<StatsOptions>()
    .BindConfiguration(StatsOptions.Section)
    .ValidateDataAnnotations()
    .Validate(o => o.Interval > TimeSpan.Zero && o.RateWindow >= o.Interval, "Stats:Interval must be positive and Stats:RateWindow at least one interval.")
    .ValidateOnStart();
builder.Services.AddSingleton<StatsReader>();
builder.Services.AddHostedService<StatsPublisher>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
