using System.Globalization;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Simulator.Tws;

/// <summary>
/// reqExecutions' filter applied to exchange executions. Empty fields and client id 0 match everything. Time is
/// <c>yyyyMMdd-HH:mm:ss</c> (UTC) or <c>yyyyMMdd HH:mm:ss</c> with an optional time zone (UTC without one); only
/// executions at or after it match.
/// </summary>
internal sealed class TwsExecutionMatcher
{
    private readonly TwsExecutionFilter _filter;
    private readonly DateTimeOffset? _since;
    private readonly OrderSide? _side;
    private readonly string _exchange;

    private TwsExecutionMatcher(TwsExecutionFilter filter, DateTimeOffset? since, OrderSide? side, string exchange)
    {
        _filter = filter;
        _since = since;
        _side = side;
        _exchange = exchange;
    }

    public static bool TryCreate(TwsExecutionFilter filter, string exchange, out TwsExecutionMatcher matcher, out string problem)
    {
        ArgumentNullException.ThrowIfNull(filter);
        matcher = null!;
        problem = "";
        DateTimeOffset? since = null;
        if (filter.Time.Trim().Length > 0)
        {
            if (ParseTime(filter.Time.Trim()) is not { } parsed)
            {
                problem = $"execution filter time \"{filter.Time}\" is not yyyyMMdd-HH:mm:ss or yyyyMMdd HH:mm:ss [zone]";
                return false;
            }

            since = parsed;
        }

        OrderSide? side = filter.Side.Trim().ToUpperInvariant() switch
        {
            "" => null,
            "BUY" or "BOT" => OrderSide.Buy,
            "SELL" or "SLD" or "SSHORT" => OrderSide.Sell,
            _ => (OrderSide)(-1),
        };
        if (side == (OrderSide)(-1))
        {
            problem = $"execution filter side \"{filter.Side}\" is not BUY or SELL";
            return false;
        }

        matcher = new TwsExecutionMatcher(filter, since, side, exchange);
        return true;
    }

    public bool Matches(PaperExecution execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return (_filter.ClientId == 0 || _filter.ClientId == execution.ClientId)
            && Empty(_filter.AcctCode, execution.Account)
            && Empty(_filter.Symbol, execution.Symbol)
            && Empty(_filter.SecType, "STK")
            && Empty(_filter.Exchange, _exchange)
            && (_side is null || _side == execution.Side)
            && (_since is null || execution.Time >= _since);
    }

    private static bool Empty(string wanted, string actual) =>
        wanted.Trim().Length == 0 || wanted.Trim().Equals(actual, StringComparison.OrdinalIgnoreCase);

    private static DateTimeOffset? ParseTime(string text)
    {
        const DateTimeStyles utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTime.TryParseExact(text, "yyyyMMdd-HH:mm:ss", CultureInfo.InvariantCulture, utc, out var dashed))
            return new DateTimeOffset(dashed, TimeSpan.Zero);
        if (text.Length < 17 || !DateTime.TryParseExact(text[..17], "yyyyMMdd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return null;
        var zone = text[17..].Trim();
        if (zone.Length == 0 || zone is "UTC" or "GMT" or "Z")
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Utc));
        try
        {
            var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
            return new DateTimeOffset(local, tz.GetUtcOffset(local));
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
