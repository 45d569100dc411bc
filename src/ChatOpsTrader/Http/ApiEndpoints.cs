using System.Globalization;
using System.Text.Json;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Host.Configuration;
using ChatOpsTrader.Host.Hosting;
using ChatOpsTrader.Host.Web;
using Microsoft.AspNetCore.Mvc;

namespace ChatOpsTrader.Host.Http;

/// <summary>The HTTP contract of architecture.md.</summary>
public static class ApiEndpoints
{
    /// <summary>Maps every endpoint.</summary>
    public static void MapChatOpsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapDashboardPage();
        app.MapGet("/healthz", Health);
        app.MapGet("/metrics", Metrics.Render);

        var api = app.MapGroup("/api");
        api.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var isOrders = http.Request.Path.StartsWithSegments("/api/orders") && HttpMethods.IsPost(http.Request.Method);
            if (!isOrders && !http.RequestServices.GetRequiredService<WebToken>().Matches(http.Request.Headers.Authorization))
                return Results.Json(new ErrorDto("unauthorized", "Send Authorization: Bearer <token> (Web__Token, or data/web-token)."), statusCode: 401);
            return await next(context);
        });

        // Without a journal nothing trades: every API call says why, and nothing else is mapped.
        var gate = app.Services.GetRequiredService<JournalGate>();
        if (gate.Failure is not null)
        {
            api.Map("/{**path}", () => Results.Json(new ErrorDto("refusing to trade", gate.Failure), statusCode: 503));
            return;
        }

        api.MapGet("/status", Status);
        api.MapGet("/positions", Positions);
        api.MapGet("/orders", Orders);
        api.MapGet("/trades", Trades);
        api.MapGet("/audit", Audit);
        api.MapGet("/incidents", Incidents);
        api.MapPost("/commands", Commands);
        api.MapPost("/orders", SubmitOrder);
        api.MapAlerts();
        api.MapDashboardApi();
        if (app.Services.GetRequiredService<ChatOpsSettings>().Broker.Kind is "Simulator" or "Paper")
            api.MapSimulatorControl();
    }

    private static IResult Health(HttpContext http)
    {
        var gate = http.RequestServices.GetRequiredService<JournalGate>();
        var checks = new Dictionary<string, object>();
        if (gate.Failure is not null)
        {
            checks["journal"] = new { status = "Unhealthy", detail = gate.Failure };
            return Results.Json(new { status = "Unhealthy", checks }, statusCode: 503);
        }
        var engine = http.RequestServices.GetRequiredService<TradingEngine>();
        var s = engine.Snapshot;
        var ready = engine.Ready;
        var engineStatus = ready.IsCompletedSuccessfully ? "Healthy" : ready.IsFaulted || ready.IsCanceled ? "Unhealthy" : "Degraded";
        checks["journal"] = new { status = s.Status.Reason.StartsWith("journal cannot be written", StringComparison.Ordinal) ? "Unhealthy" : "Healthy", detail = gate.Path };
        checks["engine"] = new { status = engineStatus, detail = ready.IsFaulted ? ready.Exception!.GetBaseException().Message : s.Running ? "running" : "starting" };
        checks["broker"] = new { status = s.BrokerConnected ? "Healthy" : "Degraded", detail = s.BrokerDetail };
        checks["trading"] = new { status = "Healthy", detail = $"{s.Status.State}: {s.Status.Reason}" };
        var statuses = checks.Values.Select(v => (string)v.GetType().GetProperty("status")!.GetValue(v)!).ToList();
        var overall = statuses.Contains("Unhealthy") ? "Unhealthy" : statuses.Contains("Degraded") ? "Degraded" : "Healthy";
        return Results.Json(new { status = overall, checks }, statusCode: overall == "Unhealthy" ? 503 : 200);
    }

    private static IResult Status([FromServices] TradingEngine engine)
    {
        var s = engine.Snapshot;
        var l = engine.Limits;
        return Results.Json(new
        {
            state = s.Status.State.ToString(),
            reason = s.Status.Reason,
            actor = s.Status.Actor,
            since = s.Status.Since,
            trigger = s.Status.Trigger.ToString(),
            lastHaltAt = s.Status.LastHaltAt,
            broker = new { connected = s.BrokerConnected, detail = s.BrokerDetail },
            pnl = new
            {
                realizedToday = s.RealizedToday,
                realizedWeek = s.RealizedWeek,
                unrealized = s.Unrealized,
                day = s.RealizedToday + s.Unrealized,
                week = s.RealizedWeek + s.Unrealized,
                dailyLossLimit = l.DailyLossLimit,
                weeklyLossLimit = l.WeeklyLossLimit,
                drawdown = s.Drawdown,
                maxDrawdown = l.MaxDrawdown,
            },
            positions = s.Positions.Count(p => p.Quantity != 0),
            workingOrders = s.Orders.Count,
            ordersToday = s.OrdersToday,
            maxOrdersPerDay = l.MaxOrdersPerDay,
            pausedStrategies = s.PausedStrategies,
            lastReconciliation = s.LastReconciliation is { } r ? new { time = r.Time, clean = r.IsClean, summary = r.Summary() } : null,
            recentRejections = s.RecentRejections.Take(10),
            equityCurve = s.EquityCurve.Select(p => new { time = p.Time, pnl = p.Pnl }),
            tradingDay = s.TradingDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            startedAt = s.StartedAt,
        });
    }

    private static async Task<IResult> Positions([FromServices] CommandRouter router, CancellationToken cancellationToken)
    {
        var comparison = await router.ComparePositionsAsync(cancellationToken);
        return Results.Json(comparison.Lines.Select(l => new
        {
            symbol = l.Symbol,
            quantity = l.BrokerQuantity ?? l.OurQuantity,
            averageCost = l.BrokerAverageCost ?? l.Ours?.AverageCost ?? 0,
            ourQuantity = l.OurQuantity,
            ourAverageCost = l.Ours?.AverageCost,
            mark = l.Ours?.Mark,
            unrealizedPnl = l.Ours?.UnrealizedPnl ?? 0,
            mismatch = l.Mismatch,
            protectedByStop = l.Protected,
            source = l.BrokerQuantity is null ? "journal" : "broker",
            brokerError = comparison.BrokerError,
        }).ToList());
    }

    private static IResult Orders([FromServices] TradingEngine engine) =>
        Results.Json(engine.Snapshot.Orders.Select(o => new
        {
            orderId = o.Order.BrokerOrderId,
            symbol = o.Order.Symbol,
            side = o.Order.Side.ToString(),
            quantity = o.Order.Quantity,
            filled = o.Order.Filled,
            type = o.Order.Type.ToString(),
            limitPrice = o.Order.LimitPrice,
            stopPrice = o.Order.StopPrice,
            status = o.Order.Status.ToString(),
            origin = o.Origin.ToString(),
            strategy = o.Strategy,
            clientId = o.Order.ClientId,
            orderRef = o.Order.OrderRef,
            parentId = o.Order.ParentId,
        }).ToList());

    private static async Task<IResult> Trades(string? filter, [FromServices] CommandRouter router, CancellationToken cancellationToken)
    {
        try
        {
            var trades = await router.QueryTradesAsync(filter, cancellationToken);
            return Results.Json(trades.Select(t => new
            {
                symbol = t.Symbol,
                quantity = t.Quantity,
                side = t.Side == OrderSide.Buy ? "Long" : "Short",
                entryPrice = t.EntryPrice,
                exitPrice = t.ExitPrice,
                realizedPnl = t.RealizedPnl,
                openedAt = t.OpenedAt,
                closedAt = t.ClosedAt,
                strategy = t.Strategy,
            }).ToList());
        }
        catch (ArgumentException ex)
        {
            return Results.Json(new ErrorDto("bad filter", ex.Message), statusCode: 400);
        }
    }

    private static IResult Incidents([FromServices] TradingEngine engine) =>
        Results.Json(engine.Snapshot.Incidents.Select(i => new
        {
            id = i.Id,
            severity = i.Severity.ToString().ToUpperInvariant(),
            status = i.Status.ToString(),
            title = i.Title,
            type = i.Type.ToString(),
            key = i.Key,
            openedAt = i.OpenedAt,
            acknowledgedBy = i.AcknowledgedBy,
            resolvedAt = i.ResolvedAt,
            alertCount = i.AlertCount,
            firstAction = engine.Runbooks[i.Type].FirstAction,
            nextStep = i.IsResolved ? null : engine.NextStep(i)?.Question,
        }).ToList());

    private static async Task<IResult> Audit(string? limit, [FromServices] IJournal journal, CancellationToken cancellationToken)
    {
        // Parsed here, not bound: a binding failure would be a bare 400 without a word of why.
        var n = 100;
        if (!string.IsNullOrEmpty(limit) && !int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out n))
            n = 0;
        if (n is < 1 or > 1000)
            return Results.Json(new ErrorDto("bad limit", "limit must be from 1 to 1000"), statusCode: 400);
        var entries = await journal.GetAuditAsync(n, cancellationToken);
        return Results.Json(entries);
    }

    private static async Task<IResult> Commands(HttpContext http, [FromServices] CommandRouter router, CancellationToken cancellationToken)
    {
        var (body, error) = await ReadJsonAsync<CommandBody>(http, cancellationToken);
        if (error is not null)
            return error;
        if (string.IsNullOrWhiteSpace(body!.Text))
            return Results.Json(new ErrorDto("missing text", "Send {\"text\":\"/status\"}."), statusCode: 400);
        var reply = await router.ExecuteAsync(new Caller("web", "web"), body.Text, cancellationToken);
        return reply is null
            ? Results.Json(new ErrorDto("forbidden"), statusCode: 403)
            : Results.Json(ReplyDto.From(reply));
    }

    private static async Task<IResult> SubmitOrder(HttpContext http, [FromServices] TradingEngine engine, [FromServices] ChatOpsSettings settings, [FromServices] ApiKeys keys, CancellationToken cancellationToken)
    {
        var strategy = keys.StrategyFor(http.Request.Headers["X-Api-Key"]);
        if (strategy is null)
            return Results.Json(new ErrorDto("unauthorized", "Send a strategy API key in the X-Api-Key header (Api__Keys__N__Key, or data/api-key)."), statusCode: 401);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length is 0 or > 64 || key.Any(c => c < 0x21 || c > 0x7e))
            return Results.Json(new ErrorDto("bad Idempotency-Key", "Send an Idempotency-Key header of 1 to 64 printable ASCII characters; a retry with the same key returns the first result."), statusCode: 400);
        var (body, error) = await ReadJsonAsync<OrderBody>(http, cancellationToken);
        if (error is not null)
            return error;
        // Keys are scoped to the strategy: two strategies choosing the same key never see each other's orders.
        var (intent, problem) = ToIntent(body!, $"{strategy}:{key}", strategy);
        if (problem is not null)
            return Results.Json(new ErrorDto("bad order", problem), statusCode: 400);
        var result = await engine.SubmitAsync(intent!, cancellationToken);
        var dto = new
        {
            accepted = result.Accepted,
            idempotencyKey = key,
            orderRef = result.OrderRef,
            brokerOrderId = result.BrokerOrderId,
            rule = result.Accepted ? null : Core.Risk.PreflightRuleNames.Name(result.Rule),
            message = result.Message,
            replayed = result.Replayed,
        };
        return Results.Json(dto, statusCode: result.Accepted ? 200 : 422);
    }

    private static (OrderIntent? Intent, string? Problem) ToIntent(OrderBody body, string key, string strategy)
    {
        if (string.IsNullOrWhiteSpace(body.Symbol))
            return (null, "symbol is required");
        OrderSide side;
        switch (body.Side?.ToLowerInvariant())
        {
            case "buy": side = OrderSide.Buy; break;
            case "sell": side = OrderSide.Sell; break;
            default: return (null, "side must be buy or sell");
        }
        if (body.Quantity is not { } quantity || quantity <= 0)
            return (null, "quantity must be a positive number");
        OrderType type;
        switch ((body.Type ?? "market").ToLowerInvariant())
        {
            case "market" or "mkt": type = OrderType.Market; break;
            case "limit" or "lmt": type = OrderType.Limit; break;
            case "stop" or "stp": type = OrderType.Stop; break;
            case "stop_limit" or "stoplimit" or "stp lmt": type = OrderType.StopLimit; break;
            default: return (null, "type must be market, limit, stop or stop_limit");
        }
        return (new OrderIntent(key, strategy, body.Symbol.Trim().ToUpperInvariant(), side, quantity, type, body.LimitPrice, body.StopPrice, body.TakeProfit, body.StopLoss, OrderOrigin.Api), null);
    }

    private static async Task<(T? Body, IResult? Error)> ReadJsonAsync<T>(HttpContext http, CancellationToken cancellationToken)
        where T : class
    {
        var limit = http.RequestServices.GetRequiredService<ChatOpsSettings>().Web.MaxBodyBytes;
        if (http.Request.ContentLength > limit)
            return (null, Results.Json(new ErrorDto("body too large", $"The limit is {limit} bytes."), statusCode: 413));
        if (http.Request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (null, Results.Json(new ErrorDto("unsupported media type", "Send Content-Type: application/json."), statusCode: 415));
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                    return (null, Results.Json(new ErrorDto("body too large", $"The limit is {limit} bytes."), statusCode: 413));
                buffer.Write(chunk, 0, read);
            }
            var body = JsonSerializer.Deserialize<T>(buffer.ToArray(), JsonOptions);
            return body is null
                ? (null, Results.Json(new ErrorDto("malformed JSON", "The body is empty or null."), statusCode: 400))
                : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, Results.Json(new ErrorDto("malformed JSON", ex.Message), statusCode: 400));
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel reads a chunked body ahead of us and stops it at its own limit: say so in JSON like every other error.
            return (null, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? Results.Json(new ErrorDto("body too large", $"The limit is {limit} bytes."), statusCode: 413)
                : Results.Json(new ErrorDto("bad request", ex.Message), statusCode: ex.StatusCode));
        }
    }

    // A repeated field is refused, not "last one wins": {"text":"/status","text":"/halt"} must not halt behind the
    // back of whatever read the first one (a proxy, a log, a person).
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { AllowDuplicateProperties = false };
}
