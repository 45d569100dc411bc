using ChatOpsTrader.Core.Incidents;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Host.Http;
using Microsoft.AspNetCore.Mvc;

namespace ChatOpsTrader.Host.Web;

/// <summary>
/// The web dashboard: <c>GET /</c> serves the page (and its script, style and icon); the page reads the same
/// authenticated API as everyone else plus <c>GET /api/overview</c>, <c>GET /api/equity</c>,
/// <c>GET /api/incidents/{id}</c> and the live stream <c>GET /api/events</c>.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>Security headers on every response, and the page's static files.</summary>
    public static void MapDashboardPage(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseDashboardSecurityHeaders();
        var assets = DashboardAssets.Load();
        foreach (var path in assets.Paths)
        {
            var (body, contentType) = assets.Get(path);
            app.MapGet(path, () => Results.Bytes(body, contentType));
        }
    }

    /// <summary>The dashboard's API, mapped in the authenticated <c>/api</c> group.</summary>
    public static void MapDashboardApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/overview", Overview);
        api.MapGet("/equity", Equity);
        api.MapGet("/incidents/{id}", Incident);
        var events = ActivatorUtilities.CreateInstance<DashboardEvents>(((IEndpointRouteBuilder)api).ServiceProvider);
        api.MapGet("/events", (HttpContext http) => Events(http, events));
    }

    private static IResult Overview([FromServices] TradingEngine engine, [FromServices] TimeProvider time) =>
        Results.Json(DashboardOverview.From(engine.Snapshot, engine.Limits, engine.Options, time.GetUtcNow()));

    private static IResult Equity([FromServices] TradingEngine engine) => Results.Json(EquityCurve.From(engine.Snapshot, engine.Limits));

    private static IResult Incident(string id, [FromServices] TradingEngine engine)
    {
        if (!IncidentBook.TryParseId(id, out var number))
            return Results.Json(new ErrorDto("bad incident id", "Give an id like INC-0007 (see GET /api/incidents)."), statusCode: 400);
        var formatted = IncidentBook.FormatId(number);
        var incident = engine.Snapshot.Incidents.FirstOrDefault(i => i.Id == formatted);
        return incident is null
            ? Results.Json(new ErrorDto("no such incident", $"{formatted} is neither open nor recently resolved."), statusCode: 404)
            : Results.Json(IncidentDetail.From(incident, engine));
    }

    private static IResult Events(HttpContext http, DashboardEvents events)
    {
        var stream = events.TryOpen(http);
        return stream is null
            ? Results.Json(new ErrorDto("too many live streams", $"At most {DashboardEvents.MaxStreams} dashboards can stream at once; close one or reload later."), statusCode: 429)
            : TypedResults.ServerSentEvents(stream);
    }
}
