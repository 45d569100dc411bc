using ChatOpsTrader.Host.Drills.Catalogue;

namespace ChatOpsTrader.Host.Drills;

/// <summary>Every drill, by name.</summary>
public static class DrillCatalogue
{
    /// <summary>The drill names in the order <c>drill all</c> runs them.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["kill-switch", "broker-disconnect", "data-stall", "unknown-position", "runaway-orders", "db-corruption", "crash", "alert-channel-down", "full-failure"];

    /// <summary>A fresh drill for <paramref name="name"/>, or null when there is none.</summary>
    public static Drill? Create(string name) => name switch
    {
        "kill-switch" => new KillSwitchDrill(),
        "broker-disconnect" => new BrokerDisconnectDrill(),
        "data-stall" => new DataStallDrill(),
        "unknown-position" => new UnknownPositionDrill(),
        "runaway-orders" => new RunawayOrdersDrill(),
        "db-corruption" => new DatabaseCorruptionDrill(),
        "crash" => new CrashDrill(),
        "alert-channel-down" => new AlertChannelDownDrill(),
        "full-failure" => new FullFailureDrill(),
        _ => null,
    };
}
