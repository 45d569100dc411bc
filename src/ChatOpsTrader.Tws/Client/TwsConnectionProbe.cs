using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tws.Client;

/// <summary>
/// The probing shell of the connection doctor: one connection attempt with the configured settings (connect,
/// handshake, startApi, managedAccounts + nextValidId, account check), closed at once, diagnosed by
/// <see cref="TwsConnectionDoctor"/>. For a setup check ("/status doctor", a drill); while the bot is connected with the
/// same client id the probe is answered with 326.
/// </summary>
public static class TwsConnectionProbe
{
    /// <summary>Probes and returns the verdict (ok, or the failing checklist step).</summary>
    public static async Task<TwsDiagnosis> ProbeAsync(TwsOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        var pacer = new TwsPacer(timeProvider, options.PacingNormalPerSecond, options.PacingTotalPerSecond);
        try
        {
            await using var connection = await TwsConnection.ConnectAsync(options, pacer, timeProvider, IgnoreMessages.Instance, cancellationToken);
            var accounts = connection.ManagedAccounts;
            if (options.Account.Length > 0 && !accounts.Contains(options.Account, StringComparer.OrdinalIgnoreCase))
                return TwsConnectionDoctor.Diagnose(options, TwsConnectFailure.AccountNotManaged, null, accounts);
            return TwsConnectionDoctor.Healthy(options, accounts);
        }
        catch (TwsConnectException ex)
        {
            return TwsConnectionDoctor.Diagnose(options, ex.Failure, ex.Message, ex.ManagedAccounts);
        }
    }

    private sealed class IgnoreMessages : ITwsMessageHandler
    {
        public static IgnoreMessages Instance { get; } = new();

        public void OnMessage(in TwsDecodedMessage message)
        {
        }
    }
}
