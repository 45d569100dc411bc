namespace ChatOpsTrader.Core.Alerts;

/// <summary>Why a channel holds alerts back (several may apply).</summary>
[Flags]
internal enum HoldReasons
{
    /// <summary>Nothing held.</summary>
    None = 0,

    /// <summary>Quiet hours of the channel.</summary>
    QuietHours = 1,

    /// <summary>The channel's token bucket was empty.</summary>
    RateLimit = 2,

    /// <summary>The channel is down.</summary>
    ChannelDown = 4,

    /// <summary>A delivery failed and will be tried again.</summary>
    Retry = 8,
}
