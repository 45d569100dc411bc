using System.Globalization;
using ChatOpsTrader.Core.Risk;

namespace ChatOpsTrader.Chat.Commands;

public sealed partial class CommandRouter
{
    /// <summary>
    /// <c>/limits set &lt;name&gt; &lt;value&gt;</c> (admin). Tightening applies at once; loosening shows what changes and
    /// needs a confirmation by the same person within 60 seconds.
    /// </summary>
    private async Task<Reply> SetLimitAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var args = request.Command.Arguments;
        var names = string.Join(", ", LimitSetting.All.Select(s => s.Name));
        if (args.Count != 3 || !args[0].Equals("set", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"Use /limits set <name> <value>, with name one of: {names}.");
        if (request.Role < Role.Admin)
        {
            Audit(request, "/limits", request.Command.Raw, "denied", "needs admin");
            return Reply.Error("Not allowed: /limits set", $"Changing limits needs the admin role; you are {request.Role.ToString().ToLowerInvariant()}.");
        }
        var setting = LimitSetting.Find(args[1]) ?? throw new ArgumentException($"No limit called '{args[1]}'. Limits: {names}.");
        var problem = setting.Validate(args[2], out var value);
        if (problem is not null)
            throw new ArgumentException(problem);

        var current = setting.Get(_engine.Limits);
        if (value == current)
            return new Reply { Title = "Limit unchanged", Lines = [string.Create(CultureInfo.InvariantCulture, $"{setting.Name} is already {current}.")] };
        if (value < current)
            return FromOutcome("Limit", await _engine.SetLimitAsync(request.Actor, setting.Name, value, cancellationToken));

        var pending = _confirmations.Create(request.Caller, "limit", string.Create(CultureInfo.InvariantCulture, $"{setting.Name}={value}"));
        Audit(request, "/limits", request.Command.Raw, "pending-confirmation", $"raise {setting.Name} {current} -> {value}");
        return new Reply
        {
            Title = $"Raise {setting.Name}: preview",
            Severity = ReplySeverity.Warning,
            Lines =
            [
                string.Create(CultureInfo.InvariantCulture, $"{setting.Description}: {current} -> {value} (+{(current == 0 ? 0 : (value - current) / current):P0})."),
                "Raising a limit loosens a guardrail. It stays changed across restarts until set again.",
                $"Only you can confirm, once, within {(int)_confirmations.Lifetime.TotalSeconds} seconds.",
            ],
            ConfirmationId = pending.Id,
            Buttons = [new ReplyButton("Confirm raise", $"/confirm {pending.Id}", ButtonStyle.Danger), new ReplyButton("Cancel", $"/confirm cancel-{pending.Id}", ButtonStyle.Secondary)],
        };
    }
}
