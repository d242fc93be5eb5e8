using Analysis.Service.Alerting;
using Analysis.Service.Patterns;
using Analysis.Service.Pipeline;
using LogPlatform.Notifications;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddLogAnalysis();
builder.AddAlertRuleEvaluation();
// Every replica sends notifications (not only the lease holder): the outbox is shared, deliveries are claimed one by one.
builder.AddNotificationSender();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapPatternPreviewApi();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
