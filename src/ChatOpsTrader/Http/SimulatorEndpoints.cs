using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Simulator;
using ChatOpsTrader.Simulator.Tws;
using Microsoft.AspNetCore.Mvc;

namespace ChatOpsTrader.Host.Http;

/// <summary>
/// <c>POST /api/simulator/{fault}</c>: fault injection into the embedded simulator, for drills run from the command
/// line or by hand. Mapped only when the broker is the embedded simulator (<c>Broker:Kind</c> Simulator or Paper); never against a real account.
/// </summary>
public static class SimulatorEndpoints
{
    /// <summary>Maps the endpoints on the authenticated API group.</summary>
    public static void MapSimulatorControl(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var sim = api.MapGroup("/simulator");
        sim.MapPost("/inject-position", (PositionBody body, [FromServices] PaperExchange exchange) =>
            Run(() => exchange.InjectPosition(Required(body.Symbol, "symbol"), body.Quantity, body.Price), $"position of {body.Quantity} {body.Symbol} at {body.Price} injected"));
        sim.MapPost("/stall-quotes", ([FromServices] PaperExchange exchange) => Run(() => exchange.StallQuotes(true), "quotes stalled"));
        sim.MapPost("/resume-quotes", ([FromServices] PaperExchange exchange) => Run(() => exchange.StallQuotes(false), "quotes resumed"));
        sim.MapPost("/gap-price", (GapBody body, [FromServices] PaperExchange exchange) =>
            Run(() => exchange.GapPrice(Required(body.Symbol, "symbol"), body.Percent), $"{body.Symbol} gapped {body.Percent}%"));
        sim.MapPost("/reject-next", (RejectBody body, [FromServices] PaperExchange exchange) =>
            Run(() => exchange.RejectNext(body.Code, string.IsNullOrWhiteSpace(body.Reason) ? "rejected by the drill" : body.Reason), $"the next order will be rejected with code {body.Code}"));
        sim.MapPost("/external-order", (ExternalOrderBody body, [FromServices] PaperExchange exchange) =>
        {
            OrderSide side;
            switch (body.Side?.ToLowerInvariant())
            {
                case "buy": side = OrderSide.Buy; break;
                case "sell": side = OrderSide.Sell; break;
                default: return Results.Json(new ErrorDto("bad request", "side must be buy or sell"), statusCode: 400);
            }
            long id = 0;
            var type = body.LimitPrice is null ? OrderType.Market : OrderType.Limit;
            var result = Run(() => id = exchange.PlaceExternalOrder(Required(body.Symbol, "symbol"), side, body.Quantity, type, body.LimitPrice), "external order placed");
            return id == 0 ? result : Results.Json(new { done = "external order placed", orderId = id });
        });
        sim.MapPost("/disconnect", (DisconnectBody body, HttpContext http) =>
        {
            if (http.RequestServices.GetService<TwsSimulatorServer>() is not { } server)
                return NotOverTws();
            if (body.Seconds is < 0 or > 600)
                return Results.Json(new ErrorDto("bad request", "seconds must be from 0 to 600"), statusCode: 400);
            // TWS goes away: connections dropped, nothing listening; back after the given time.
            server.PauseAccepting();
            var dropped = server.DropAllConnections();
            var time = http.RequestServices.GetRequiredService<TimeProvider>();
            _ = Task.Delay(TimeSpan.FromSeconds(body.Seconds), time).ContinueWith(_ => server.ResumeAccepting(), TaskScheduler.Default);
            return Results.Json(new { done = $"{dropped} connection(s) dropped; accepting again in {body.Seconds} s" });
        });
        sim.MapPost("/connectivity", (ConnectivityBody body, HttpContext http) =>
        {
            if (http.RequestServices.GetService<TwsSimulatorServer>() is not { } server)
                return NotOverTws();
            switch (body.Code)
            {
                case TwsSimulatorServer.ConnectivityLostCode: server.SendConnectivityLost(); break;
                case TwsSimulatorServer.RestoredDataLostCode: server.SendConnectivityRestored(dataLost: true); break;
                case TwsSimulatorServer.RestoredDataKeptCode: server.SendConnectivityRestored(dataLost: false); break;
                default: return Results.Json(new ErrorDto("bad request", "code must be 1100, 1101 or 1102"), statusCode: 400);
            }
            return Results.Json(new { done = $"{body.Code} sent to every connected client" });
        });
    }

    private static IResult NotOverTws() =>
        Results.Json(new ErrorDto("not available", "the broker is the in-process paper exchange (Broker:Kind=Paper), not the TWS-protocol simulator"), statusCode: 409);

    private static IResult Run(Action action, string done)
    {
        try
        {
            action();
            return Results.Json(new { done });
        }
        catch (ArgumentException e)
        {
            return Results.Json(new ErrorDto("bad request", e.Message), statusCode: 400);
        }
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} is required") : value;

    /// <summary>An injected position.</summary>
    public sealed record PositionBody(string? Symbol, decimal Quantity, decimal Price);

    /// <summary>A price gap.</summary>
    public sealed record GapBody(string? Symbol, decimal Percent);

    /// <summary>The next order's rejection.</summary>
    public sealed record RejectBody(int Code, string? Reason);

    /// <summary>How long TWS stays away.</summary>
    public sealed record DisconnectBody(int Seconds);

    /// <summary>A TWS connectivity code (1100, 1101, 1102).</summary>
    public sealed record ConnectivityBody(int Code);

    /// <summary>An order placed as another client of the account.</summary>
    public sealed record ExternalOrderBody(string? Symbol, string? Side, decimal Quantity, decimal? LimitPrice);
}
