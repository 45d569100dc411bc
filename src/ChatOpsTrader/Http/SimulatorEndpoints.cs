using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Simulator;
using Microsoft.AspNetCore.Mvc;

namespace ChatOpsTrader.Host.Http;

/// <summary>
/// <c>POST /api/simulator/{fault}</c>: fault injection into the embedded simulator, for drills run from the command
/// line or by hand. Mapped only when the broker is the embedded simulator; never against a real account.
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
    }

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

    /// <summary>An order placed as another client of the account.</summary>
    public sealed record ExternalOrderBody(string? Symbol, string? Side, decimal Quantity, decimal? LimitPrice);
}
