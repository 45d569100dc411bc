using ChatOpsTrader.Host.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace ChatOpsTrader.Host.Http;

/// <summary><c>GET /api/alerts?limit=N</c>: the latest alerts the bot raised, newest first (the web console's feed).</summary>
public static class AlertEndpoints
{
    /// <summary>Maps the endpoint on the authenticated API group.</summary>
    public static void MapAlerts(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/alerts", Alerts);
    }

    private static IResult Alerts(int? limit, [FromServices] LogNotifier log)
    {
        var n = limit ?? 100;
        if (n is < 1 or > 200)
            return Results.Json(new ErrorDto("bad limit", "limit must be from 1 to 200"), statusCode: 400);
        return Results.Json(log.Recent.Reverse().Take(n).Select(a => new
        {
            id = a.Id,
            time = a.Time,
            severity = a.Severity.ToString().ToUpperInvariant(),
            key = a.Key,
            title = a.Title,
            text = a.Text,
            firstAction = a.FirstAction,
            incidentType = a.IncidentType?.ToString(),
            incidentId = a.IncidentId,
        }).ToList());
    }
}
