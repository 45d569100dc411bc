namespace ChatOpsTrader.Tws.Protocol;

/// <summary>tickSize (2): a size tick. A struct: decoding it allocates nothing. Size is null when unset.</summary>
public readonly record struct TickSizeMessage(int ReqId, int TickType, decimal? Size);
