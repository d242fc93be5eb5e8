using Dashboard.Web;
using Dashboard.Web.Components;
using Dashboard.Web.Search;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// The AppHost runs services from their build output, in any environment: serve the static web assets
// (blazor.web.js, scoped CSS) from the build manifest then. A published app has no manifest and is unaffected.
builder.WebHost.UseStaticWebAssets();
builder.AddDashboard();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();

app.MapDefaultEndpoints();
app.MapStaticAssets();
app.MapExport();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

app.Run();
