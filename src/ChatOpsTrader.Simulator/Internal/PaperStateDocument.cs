using System.Text.Json.Serialization;
using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Simulator.Internal;

/// <summary>The state file (JSON). Version 1.</summary>
internal sealed record PaperStateDocument
{
    public const int CurrentVersion = 1;

    public int Version { get; init; }

    public string AccountId { get; init; } = "";

    public uint Session { get; init; }

    public DateTimeOffset SavedAt { get; init; }

    public DateTimeOffset LastTickAt { get; init; }

    public long NextOrderId { get; init; }

    public long NextPermId { get; init; }

    public long NextExecSeq { get; init; }

    public decimal Cash { get; init; }

    public decimal RealizedPnl { get; init; }

    public List<SymbolDocument> Symbols { get; init; } = [];

    public List<OrderDocument> Orders { get; init; } = [];

    public List<PaperExecution> Executions { get; init; } = [];
}

internal sealed record SymbolDocument
{
    public string Symbol { get; init; } = "";

    public decimal Mid { get; init; }

    public decimal Anchor { get; init; }

    public decimal Bid { get; init; }

    public decimal Ask { get; init; }

    public decimal Last { get; init; }

    public DateTimeOffset QuoteTime { get; init; }

    public decimal Position { get; init; }

    public decimal AverageCost { get; init; }

    public decimal RealizedPnl { get; init; }
}

internal sealed record OrderDocument
{
    public long Id { get; init; }

    public long PermId { get; init; }

    public int ClientId { get; init; }

    public string Account { get; init; } = "";

    public string OrderRef { get; init; } = "";

    public string Symbol { get; init; } = "";

    public OrderSide Side { get; init; }

    public OrderType Type { get; init; }

    public decimal? LimitPrice { get; init; }

    public decimal? StopPrice { get; init; }

    public long? ParentId { get; init; }

    public string OcaGroup { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public decimal Quantity { get; init; }

    public PaperOrderStatus Status { get; init; }

    public decimal Filled { get; init; }

    public decimal FilledValue { get; init; }

    public decimal LastFillPrice { get; init; }

    public bool Triggered { get; init; }

    public bool Resting { get; init; }

    public bool Planned { get; init; }

    public List<decimal> Chunks { get; init; } = [];
}

[JsonSourceGenerationOptions(UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PaperStateDocument))]
internal sealed partial class PaperStateJsonContext : JsonSerializerContext;
