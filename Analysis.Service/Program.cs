using Analysis.Service.Patterns;
using Analysis.Service.Pipeline;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddLogAnalysis();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapPatternPreviewApi();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
