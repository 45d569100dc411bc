using System.Text.Json;

namespace ChatOpsTrader.Host.Drills;

/// <summary>Waits and probes the drills share.</summary>
public static class DrillSteps
{
    /// <summary>Waits until the trading state is one of <paramref name="states"/>; returns the status document.</summary>
    public static async Task<JsonElement?> WaitForStateAsync(this DrillSession session, TimeSpan timeout, params string[] states)
    {
        var found = await session.WaitForAsync($"trading state becomes {string.Join(" or ", states)}", timeout, async _ =>
        {
            var status = await session.StatusAsync();
            return states.Contains(status.GetProperty("state").GetString()) ? new Boxed<JsonElement>(status) : null;
        });
        return found?.Value;
    }

    /// <summary>Waits until an alert whose key starts with <paramref name="keyPrefix"/> (and of the severity, if given) was raised.</summary>
    public static Task<DrillAlert?> WaitForAlertAsync(this DrillSession session, string keyPrefix, TimeSpan timeout, string? severity = null) =>
        session.WaitForAsync($"{severity ?? "an"} alert '{keyPrefix}…' is raised", timeout, async _ =>
            (await session.AlertsAsync()).FirstOrDefault(a =>
                a.Key.StartsWith(keyPrefix, StringComparison.Ordinal) && (severity is null || a.Severity == severity)));

    /// <summary>Waits until an incident of <paramref name="type"/> is open; returns it.</summary>
    public static async Task<JsonElement?> WaitForIncidentAsync(this DrillSession session, string type, TimeSpan timeout)
    {
        var found = await session.WaitForAsync($"an incident of type {type} is open, with the runbook's first action", timeout, async _ =>
        {
            var incident = (await session.IncidentsAsync()).FirstOrDefault(i =>
                i.GetProperty("type").GetString() == type && i.GetProperty("status").GetString() != "Resolved"
                && !string.IsNullOrWhiteSpace(i.GetProperty("firstAction").GetString()));
            return incident.ValueKind == JsonValueKind.Object ? new Boxed<JsonElement>(incident) : null;
        });
        return found?.Value;
    }

    /// <summary>Submits an order as the drill's strategy through <c>POST /api/orders</c>.</summary>
    public static async Task<(int Status, JsonElement Body)> SubmitOrderAsync(this DrillSession session, string key, object order)
    {
        var (status, body) = await session.Bot.PostAsync("/api/orders", order,
            new Dictionary<string, string> { ["X-Api-Key"] = session.Bot.ApiKey, ["Idempotency-Key"] = key }, session.CancellationToken);
        return ((int)status, body);
    }

    /// <summary>
    /// A new-risk order (an entry, or an addition to a position in its direction), so that closing-only rules cannot let
    /// it through as a reduction: the demo strategy may hold either side of any symbol.
    /// </summary>
    /// <remarks>
    /// The positions read here can be a fill behind the engine's own (the demo keeps trading while the drill looks), so
    /// the quantity is larger than any one demo order could move the position: even if the engine already holds the
    /// other side, the order would flip it, and a flip adds risk.
    /// </remarks>
    public static async Task<object> IncreasingOrderAsync(this DrillSession session)
    {
        var held = (await session.Bot.GetAsync("/api/positions", session.CancellationToken)).EnumerateArray()
            .ToDictionary(p => p.GetProperty("symbol").GetString() ?? string.Empty, p => p.GetProperty("quantity").GetDecimal(), StringComparer.Ordinal);
        var symbol = new[] { "AAPL", "MSFT", "NVDA", "SPY", "TSLA" }.FirstOrDefault(s => held.GetValueOrDefault(s) == 0) ?? "AAPL";
        var position = held.GetValueOrDefault(symbol);
        var side = position < 0 ? "sell" : "buy";
        var quantity = (int)Math.Abs(position) + LargerThanAnyDemoOrder;
        return new { symbol, side, quantity, type = "market" };
    }

    /// <summary>More than the demo strategy's largest order (its deliberately oversized one is 20).</summary>
    private const int LargerThanAnyDemoOrder = 25;

    /// <summary>Calls a simulator fault endpoint; throws when the bot refuses it.</summary>
    public static async Task InjectAsync(this DrillSession session, string fault, object? body, string description)
    {
        var (status, answer) = await session.Bot.PostAsync("/api/simulator/" + fault, body ?? new { }, null, session.CancellationToken);
        if ((int)status != 200)
            throw new DrillStepException($"the simulator refused {fault}: {(int)status} {answer}");
        session.Inject(description);
    }

    /// <summary>Runs a command that asks for confirmation and confirms it, as the person at the console would; returns the final reply.</summary>
    public static async Task<JsonElement> CommandConfirmedAsync(this DrillSession session, string text)
    {
        var reply = await session.Bot.CommandAsync(text, session.CancellationToken);
        if (reply.TryGetProperty("confirmationId", out var id) && id.GetString() is { Length: > 0 } confirmation)
        {
            session.Note($"{text} → confirmation asked; /confirm");
            reply = await session.Bot.CommandAsync($"/confirm {confirmation}", session.CancellationToken);
        }
        return reply;
    }

    /// <summary>Number of working orders the bot reports.</summary>
    public static async Task<int> WorkingOrdersAsync(this DrillSession session) =>
        (await session.StatusAsync()).GetProperty("workingOrders").GetInt32();

    /// <summary>A value wrapped so a struct can come back from <see cref="DrillSession.WaitForAsync{T}"/>.</summary>
    public sealed record Boxed<T>(T Value);
}
