namespace ChatOpsTrader.Tws.Client;

/// <summary>Which pacing lane a request uses.</summary>
public enum TwsLane
{
    /// <summary>Ordinary requests: about 40 per second.</summary>
    Normal,

    /// <summary>cancelOrder and reqGlobalCancel: never queued behind ordinary requests, still under the total cap.</summary>
    Priority,
}
