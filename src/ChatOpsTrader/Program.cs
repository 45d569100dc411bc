var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => Results.Json(new { status = "Healthy" }));
app.Run();

/// <summary>Entry point; partial so host tests can reference it.</summary>
public partial class Program;
