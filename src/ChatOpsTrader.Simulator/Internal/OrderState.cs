using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Simulator.Internal;

/// <summary>The exchange's mutable view of one order. Guarded by the exchange lock.</summary>
internal sealed class OrderState
{
    public required long Id { get; init; }

    public required long PermId { get; init; }

    public required int ClientId { get; init; }

    public required string Account { get; init; }

    public required string OrderRef { get; init; }

    public required string Symbol { get; init; }

    public required OrderSide Side { get; init; }

    public required OrderType Type { get; init; }

    public decimal? LimitPrice { get; set; }

    public decimal? StopPrice { get; set; }

    public long? ParentId { get; init; }

    public required string OcaGroup { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public decimal Quantity { get; set; }

    public PaperOrderStatus Status { get; set; }

    public decimal Filled { get; set; }

    /// <summary>Sum of fill price × quantity, for the average.</summary>
    public decimal FilledValue { get; set; }

    public decimal LastFillPrice { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>A stop or stop-limit whose trigger price has traded.</summary>
    public bool Triggered { get; set; }

    /// <summary>A limit that was not marketable at a matching pass: it rests on the book and fills at its limit price.</summary>
    public bool Resting { get; set; }

    /// <summary>Planned chunk sizes once the order started filling; empty means "fill the rest at once".</summary>
    public List<decimal> Chunks { get; } = [];

    /// <summary>True once the chunk plan was decided.</summary>
    public bool Planned { get; set; }

    /// <summary>The tick sequence of the last fill (at most one chunk per tick).</summary>
    public long LastFillTick { get; set; } = -1;

    public decimal Remaining => Math.Max(0, Quantity - Filled);

    public decimal AverageFillPrice => Filled > 0 ? Math.Round(FilledValue / Filled, 6) : 0m;

    public bool IsWorking => Status.IsWorking();

    /// <summary>True when the order is placed as a buy (+1) or sell (-1).</summary>
    public int Sign => Side.Sign();

    public PaperOrder ToView() => new(
        Id, PermId, ClientId, Account, OrderRef, Symbol, Side, Quantity, Type, LimitPrice, StopPrice, ParentId, OcaGroup,
        Status, Filled, AverageFillPrice, LastFillPrice, CreatedAt, UpdatedAt);
}
