using System.Globalization;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Engine;

namespace ChatOpsTrader.Chat.Commands;

public sealed partial class CommandRouter
{
    private async Task<Reply> HaltAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var reason = request.Command.Raw.Length == 0 ? "no reason given" : request.Command.Raw;
        var outcome = await _engine.HaltAsync(request.Actor, reason, cancellationToken);
        return new Reply { Title = "Trading HALTED", Severity = ReplySeverity.Danger, Lines = [outcome.Message] };
    }

    private async Task<Reply> CancelAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var args = request.Command.Arguments;
        if (args.Count != 1)
            throw new ArgumentException("Give one order id or 'all'.");
        long? id = null;
        if (!args[0].Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            if (!long.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                throw new ArgumentException($"'{args[0]}' is not an order id (a number from /orders) or 'all'.");
            id = parsed;
        }
        return FromOutcome("Cancel", await _engine.CancelAsync(request.Actor, id, cancellationToken));
    }

    private Task<Reply> PauseAsync(CommandRequest request, CancellationToken cancellationToken) => SetPausedAsync(request, true, cancellationToken);

    private Task<Reply> UnpauseAsync(CommandRequest request, CancellationToken cancellationToken) => SetPausedAsync(request, false, cancellationToken);

    private async Task<Reply> SetPausedAsync(CommandRequest request, bool pause, CancellationToken cancellationToken)
    {
        var args = request.Command.Arguments;
        if (args.Count != 1 || args[0].Length > 64 || !args[0].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new ArgumentException("Give one strategy name (see /strategies).");
        return FromOutcome(pause ? "Pause" : "Unpause", await _engine.PauseAsync(request.Actor, args[0], pause, cancellationToken));
    }

    private async Task<Reply> ReconcileAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var report = await _engine.ReconcileAsync(request.Actor, apply: true, cancellationToken);
        var rows = report.Items.Select(i => (IReadOnlyList<string>)[i.Kind.ToString(), i.Symbol, Fmt.Qty(i.OurQuantity), Fmt.Qty(i.BrokerQuantity), i.Action.ToString(), i.Explanation]).ToList();
        return new Reply
        {
            Title = report.IsClean ? "Reconciliation: clean" : "Reconciliation: differences found and corrected (broker is truth)",
            Severity = report.IsClean ? ReplySeverity.Success : ReplySeverity.Warning,
            Lines = [report.Summary()],
            Tables = rows.Count == 0 ? [] : [new ReplyTable(null, ["Kind", "Symbol", "Ours", "Broker", "Action", "Why"], rows)],
        };
    }

    private async Task<Reply> FlattenAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var args = request.Command.Arguments;
        if (args.Count > 1)
            throw new ArgumentException("Give one symbol, 'all', or nothing.");
        string? symbol = null;
        if (args.Count == 1 && !args[0].Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            symbol = args[0].ToUpperInvariant();
            if (symbol.Length > 12 || !symbol.All(c => char.IsAsciiLetterOrDigit(c) || c == '.'))
                throw new ArgumentException($"'{args[0]}' is not a symbol.");
        }

        var (broker, error) = await TryBrokerSnapshotAsync(cancellationToken);
        if (broker is null)
            return Reply.Error("Cannot preview the flatten", $"The broker did not answer ({error}). Use /halt now to stop new orders; flatten when the broker is back, or close positions in TWS.");

        var cancels = broker.OpenOrders.Where(o => symbol is null || o.Symbol == symbol).ToList();
        var closes = broker.Positions.Where(p => p.Quantity != 0 && (symbol is null || p.Symbol == symbol)).ToList();
        var quotes = _engine.Snapshot.Quotes;
        var cancelRows = cancels.Select(o => (IReadOnlyList<string>)[Fmt.Int(o.BrokerOrderId), o.Symbol, o.Side.ToString().ToUpperInvariant(), Fmt.Qty(o.Remaining), TypeText(o)]).ToList();
        decimal totalNotional = 0;
        var closeRows = new List<IReadOnlyList<string>>();
        foreach (var p in closes)
        {
            var mark = quotes.TryGetValue(p.Symbol, out var q) && q.Mark > 0 ? q.Mark : p.AverageCost;
            var notional = Math.Abs(p.Quantity) * mark;
            totalNotional += notional;
            closeRows.Add([p.Symbol, p.Quantity > 0 ? "SELL" : "BUY", Fmt.Qty(Math.Abs(p.Quantity)), "MKT", Fmt.Money(notional)]);
        }
        var pending = _confirmations.Create(request.Caller, "flatten", symbol ?? "all");
        var lines = new List<string>
        {
            symbol is null
                ? "On confirmation: trading is HALTED (persisted), every working order is cancelled, then every position the broker reports is closed with a market order, paced under the broker's limit. The account ends halted and flat."
                : $"On confirmation: every working order for {symbol} is cancelled, then the {symbol} position is closed with a market order.",
            $"{cancels.Count} order(s) to cancel, {closes.Count} closing order(s), total notional about {Fmt.Money(totalNotional)}.",
            $"Only you can confirm, once, within {(int)_confirmations.Lifetime.TotalSeconds} seconds.",
        };
        return new Reply
        {
            Title = $"Flatten {symbol ?? "ALL"}: preview",
            Severity = ReplySeverity.Danger,
            Lines = lines,
            Tables = [new ReplyTable("Orders to cancel", ["Id", "Symbol", "Side", "Qty", "Type"], cancelRows), new ReplyTable("Closing orders", ["Symbol", "Side", "Qty", "Type", "Notional"], closeRows)],
            ConfirmationId = pending.Id,
            Buttons = [new ReplyButton("Confirm flatten", $"/confirm {pending.Id}", ButtonStyle.Danger), new ReplyButton("Cancel", $"/confirm cancel-{pending.Id}", ButtonStyle.Secondary)],
            Ephemeral = false,
        };
    }

    private Task<Reply> ResumeAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var args = request.Command.Arguments;
        var overridePolicy = args.Count > 0 && args[0].Equals("override", StringComparison.OrdinalIgnoreCase);
        var reason = overridePolicy ? request.Command.Raw[args[0].Length..].Trim() : request.Command.Raw;
        var s = _engine.Snapshot;

        // Dry run of the pure policy on the latest state: a refusal is told at once, with the rule named.
        var dry = TradingStateMachine.Resume(s.Status, request.Actor.ToString(), request.Actor.IsAdmin, reason, overridePolicy, _time.GetUtcNow(), _engine.Options.ResumePolicy, _engine.Options.Calendar);
        if (dry is StateDecision.Refused refused)
        {
            Audit(request, "/resume", request.Command.Raw, "refused", refused.Message);
            return Task.FromResult(new Reply { Title = "Resume refused", Severity = ReplySeverity.Warning, Lines = [$"Policy {refused.Rule}: {refused.Message}"] });
        }
        var next = ((StateDecision.Transition)dry).Next.State;
        var factor = TradingStateMachine.SizeFactor(next, _engine.Options.ResumePolicy);
        var pending = _confirmations.Create(request.Caller, "resume", reason, overridePolicy);
        Audit(request, "/resume", request.Command.Raw, "pending-confirmation", $"{s.Status.State} -> {next}");
        return Task.FromResult(new Reply
        {
            Title = $"Resume: {s.Status.State} -> {next}",
            Severity = ReplySeverity.Warning,
            Lines =
            [
                $"Now: {s.Status.State} ({s.Status.Reason}, by {s.Status.Actor}).",
                $"After: {next}, entries at {Fmt.Percent(factor)} of normal size" + (next == TradingState.Active ? "." : "; the staged resume continues on its own if nothing trips."),
                overridePolicy ? "This OVERRIDES the resume policy and is recorded as such." : "Within the resume policy.",
                $"Reason: {reason}",
                $"Only you can confirm, once, within {(int)_confirmations.Lifetime.TotalSeconds} seconds.",
            ],
            ConfirmationId = pending.Id,
            Buttons = [new ReplyButton("Confirm resume", $"/confirm {pending.Id}", ButtonStyle.Primary), new ReplyButton("Cancel", $"/confirm cancel-{pending.Id}", ButtonStyle.Secondary)],
        });
    }

    private async Task<Reply> ConfirmAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var args = request.Command.Arguments;
        if (args.Count != 1)
            throw new ArgumentException("Give the confirmation id from the preview.");
        var id = args[0];
        var cancel = id.StartsWith("cancel-", StringComparison.Ordinal);
        if (cancel)
            id = id["cancel-".Length..];
        var now = _time.GetUtcNow();
        var failure = _confirmations.TryConsume(id, request.Caller, out var pending);
        if (failure != ConfirmationFailure.None)
        {
            var why = failure switch
            {
                ConfirmationFailure.Expired => "it expired; ask again",
                ConfirmationFailure.WrongUser => "it belongs to the person who asked for it",
                ConfirmationFailure.AlreadyUsed => "it was already used",
                _ => "no such confirmation",
            };
            Audit(request, "/confirm", id, "refused", why);
            return Reply.Error("Confirmation refused", $"Refused: {why}.");
        }

        if (cancel)
        {
            Audit(request, "/confirm", id, "ok", $"{pending!.Command} cancelled");
            return new Reply { Title = $"{pending.Command} cancelled", Lines = ["Nothing was done."] };
        }

        // Role is checked again at confirmation time: a role removed in between must not act.
        if (request.Role < Role.Admin)
        {
            Audit(request, "/confirm", id, "denied", $"/{pending!.Command} needs admin");
            return Reply.Error($"Not allowed: /{pending.Command}", $"/{pending.Command} needs the admin role; you are {request.Role.ToString().ToLowerInvariant()}.");
        }

        switch (pending!.Command)
        {
            case "flatten":
                // Not the request's token: a closed browser tab or a dropped chat request must not stop a flatten halfway.
                var report = await _engine.FlattenAsync(request.Actor, pending.Argument == "all" ? null : pending.Argument, CancellationToken.None);
                Audit(request, "/flatten", pending.Argument, report.Flat ? "ok" : "incomplete", report.Message);
                var lines = new List<string> { report.Message };
                lines.AddRange(report.OrdersSent);
                if (report.Reconciliation is { } r)
                    lines.Add($"Reconciliation: {r.Summary()}");
                return new Reply { Title = report.Flat ? "Flatten done" : "Flatten in progress", Severity = report.Flat ? ReplySeverity.Success : ReplySeverity.Danger, Lines = lines };
            case "resume":
                return FromOutcome("Resume", await _engine.ResumeAsync(request.Actor, pending.Argument, pending.Override, cancellationToken));
            case "limit":
                var parts = pending.Argument.Split('=');
                return FromOutcome("Limit", await _engine.SetLimitAsync(request.Actor, parts[0], decimal.Parse(parts[1], CultureInfo.InvariantCulture), cancellationToken));
            default:
                return Reply.Error("Confirmation refused", "Unknown action.");
        }
    }

    private static Reply FromOutcome(string what, CommandOutcome outcome) => outcome.Ok
        ? new Reply { Title = $"{what}: done", Severity = ReplySeverity.Success, Lines = [outcome.Message] }
        : new Reply { Title = $"{what}: refused", Severity = ReplySeverity.Warning, Lines = [outcome.Rule is null ? outcome.Message : $"{outcome.Message}"] };
}
