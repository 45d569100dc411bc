using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;

namespace ChatOpsTrader.Chat.Commands;

/// <summary>One symbol: the broker's position (the truth) beside ours.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="BrokerQuantity">The broker's quantity (0 when it has none), or null when the broker did not answer.</param>
/// <param name="OurQuantity">Our journal's quantity.</param>
/// <param name="BrokerAverageCost">The broker's average cost, when it has the position.</param>
/// <param name="Ours">Our position, when we have one (average cost, mark, unrealized P&amp;L).</param>
/// <param name="Protected">True when a working stop on the closing side protects it.</param>
public sealed record PositionLine(string Symbol, decimal? BrokerQuantity, decimal OurQuantity, decimal? BrokerAverageCost, Position? Ours, bool Protected)
{
    /// <summary>True when the broker answered and disagrees with our journal.</summary>
    public bool Mismatch => BrokerQuantity is { } b && b != OurQuantity;
}

/// <summary>The broker's positions with ours beside them, for <c>/positions</c> and <c>GET /api/positions</c>.</summary>
/// <param name="Lines">One line per symbol either side holds, by symbol.</param>
/// <param name="BrokerError">Why the broker did not answer (then only our journal is shown), or null.</param>
public sealed record PositionComparison(IReadOnlyList<PositionLine> Lines, string? BrokerError);

public sealed partial class CommandRouter
{
    /// <summary>Asks the broker (2 s at most) and sets its positions beside our journal's.</summary>
    public async Task<PositionComparison> ComparePositionsAsync(CancellationToken cancellationToken)
    {
        var s = _engine.Snapshot;
        var (broker, error) = await TryBrokerSnapshotAsync(cancellationToken);
        var symbols = s.Positions.Where(p => p.Quantity != 0).Select(p => p.Symbol)
            .Union(broker?.Positions.Where(p => p.Quantity != 0).Select(p => p.Symbol) ?? [])
            .Order(StringComparer.Ordinal);
        var lines = new List<PositionLine>();
        foreach (var symbol in symbols)
        {
            var ours = s.Positions.FirstOrDefault(p => p.Symbol == symbol);
            var theirs = broker?.Positions.FirstOrDefault(p => p.Symbol == symbol);
            var ourQty = ours?.Quantity ?? 0;
            decimal? brokerQty = broker is null ? null : theirs?.Quantity ?? 0;
            var side = Math.Sign(brokerQty ?? ourQty);
            var protectedBy = s.Orders.Any(o => o.Order.Symbol == symbol && o.Order.Type is OrderType.Stop or OrderType.StopLimit && o.Order.Side.Sign() == -side);
            lines.Add(new PositionLine(symbol, brokerQty, ourQty, theirs?.AverageCost, ours, protectedBy));
        }
        return new PositionComparison(lines, error);
    }

    private async Task<(BrokerAccountSnapshot? Snapshot, string? Error)> TryBrokerSnapshotAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            return (await _engine.Broker.GetAccountSnapshotAsync(timeout.Token), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, ex.Message);
        }
    }
}
