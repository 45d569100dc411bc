using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Chat.Commands;

public sealed partial class CommandRouter
{
    /// <summary>
    /// Sends a test alert straight to every configured channel (not through dedup or quiet hours: the point is to see
    /// whether each channel works now) and reports which worked.
    /// </summary>
    private async Task<Reply> TestNotifyAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var alert = new Alert(Guid.NewGuid().ToString("N"), now, Severity.Sev4, "test-notify", "Test alert",
            $"Sent by {request.Caller} with /test_notify at {Fmt.Time(now)}. If you read this, the channel works.", "None: this is a test.");
        var rows = new List<IReadOnlyList<string>> { new[] { "log", "ok", "written to the console and data/logs" } };
        LogTestAlert(_logger, alert.Text);
        var failures = 0;
        foreach (var channel in _alertChannels)
        {
            if (!channel.IsEnabled)
            {
                rows.Add([channel.Name, "off", "not configured or stopped (see the log for why)"]);
                continue;
            }
            Alerts.AlertDelivery result;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(15));
                result = await channel.DeliverAsync(alert, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                result = Alerts.AlertDelivery.Failed("no answer within 15 s");
            }
            if (!result.Delivered)
                failures++;
            rows.Add([channel.Name, result.Delivered ? "ok" : "FAILED", result.Detail]);
        }
        return new Reply
        {
            Title = failures == 0 ? "Test alert sent" : $"Test alert: {failures} channel(s) failed",
            Severity = failures == 0 ? ReplySeverity.Success : ReplySeverity.Danger,
            Tables = [new ReplyTable(null, ["Channel", "Result", "Detail"], rows)],
        };
    }

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 201, Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "TEST ALERT: {Text}")]
    private static partial void LogTestAlert(Microsoft.Extensions.Logging.ILogger logger, string text);
}
