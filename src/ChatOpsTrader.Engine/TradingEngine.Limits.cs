using System.Globalization;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Risk;

namespace ChatOpsTrader.Engine;

public sealed partial class TradingEngine
{
    private void DecideSetLimit(SetLimitInput input, DateTimeOffset now)
    {
        var setting = LimitSetting.Find(input.Name);
        if (setting is null || !input.Actor.IsAdmin)
        {
            Refuse(input, input.Actor, "/limits", $"set {input.Name}", "limits.refused", setting is null ? $"No limit called {input.Name}." : "Only an admin can change limits.", now);
            return;
        }

        var before = setting.Get(_limits);
        RiskLimits next;
        try
        {
            next = setting.Set(_limits, input.Value);
            next.EnsureValid();
        }
        catch (ArgumentException ex)
        {
            Refuse(input, input.Actor, "/limits", $"set {setting.Name} {input.Value}", "limits.invalid", ex.Message, now);
            return;
        }

        // Counters and raised warning levels carry over to the new limits.
        _limits = next;
        _checker = new PreflightChecker(next, _options.ResumePolicy);
        _activity.UpdateLimits(next);
        _lossMonitor = LossLimitMonitor.Import(_lossMonitor.Export(), next, _tradingDay, _tradingWeek);
        _drawdown = DrawdownBreaker.Import(_drawdown.Export(), next.MaxDrawdown);
        _limitOverrides[setting.Name] = input.Value;
        _records.Add(new SettingRecord(SettingKeys.LimitOverrides, LimitSetting.Export(_limitOverrides)));
        var change = string.Create(CultureInfo.InvariantCulture, $"{setting.Name} ({setting.Description}) {before} -> {input.Value}");
        Audit(input.Actor, "/limits", $"set {setting.Name} {input.Value}", "ok", change, now);
        RaiseAlert(now, input.Value > before ? Severity.Sev2 : Severity.Sev4, $"limit:{setting.Name}", $"Limit changed by {input.Actor}", change,
            input.Value > before ? "A limit was loosened: make sure this was intended." : "A limit was tightened.");
        _dirty = true;
        _completions.Add(() => input.Completion.TrySetResult(CommandOutcome.Done($"Limit changed: {change}.")));
    }
}
