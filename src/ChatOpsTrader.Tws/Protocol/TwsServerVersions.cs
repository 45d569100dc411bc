namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// Negotiated server versions this protocol layer knows, and the version gates its codecs branch on. All version
/// checks live here so that protobuf framing (≥ 201) can be added in one place later.
/// </summary>
public static class TwsServerVersions
{
    /// <summary>The lowest version whose layouts we encode and decode.</summary>
    public const int MinSupported = 176;

    /// <summary>
    /// The highest version whose layouts we encode and decode: 176–193 are the documented text layouts, 194 only
    /// changes <c>error</c>. Above that come changes we have not verified, and from 201 protobuf framing.
    /// </summary>
    public const int MaxSupported = 194;

    /// <summary>What our client advertises (<c>v176..178</c>) and the simulator's ceiling.</summary>
    public const int ClientMin = 176;

    /// <summary>What our client advertises (<c>v176..178</c>) and the simulator's ceiling.</summary>
    public const int ClientMax = 178;

    /// <summary>placeOrder / openOrder: faProfile is sent only below this version.</summary>
    public const int FaProfileRemoved = 177;

    /// <summary>execDetails: pendingPriceRevision.</summary>
    public const int PendingPriceRevision = 178;

    /// <summary>placeOrder / openOrder: customerAccount.</summary>
    public const int CustomerAccount = 183;

    /// <summary>placeOrder / openOrder: professionalCustomer.</summary>
    public const int ProfessionalCustomer = 184;

    /// <summary>openOrder: bondAccruedInterest.</summary>
    public const int BondAccruedInterest = 185;

    /// <summary>placeOrder: two RFQ placeholder fields, only from this version up to <see cref="RfqFieldsRemoved"/> (exclusive).</summary>
    public const int RfqFields = 187;

    /// <summary>placeOrder: the RFQ placeholders are gone from here on.</summary>
    public const int RfqFieldsRemoved = 190;

    /// <summary>placeOrder / openOrder: includeOvernight.</summary>
    public const int IncludeOvernight = 189;

    /// <summary>cancelOrder / reqGlobalCancel lose their version field and gain extOperator, manualOrderIndicator; placeOrder gains manualOrderIndicator.</summary>
    public const int CmeTagging = 192;

    /// <summary>openOrder: extOperator and manualOrderIndicator at the end.</summary>
    public const int OpenOrderCmeTagging = 193;

    /// <summary>error: no version field, errorTime (epoch ms) at the end.</summary>
    public const int ErrorTime = 194;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a version outside <see cref="MinSupported"/>..<see cref="MaxSupported"/>.</summary>
    public static void EnsureSupported(int serverVersion)
    {
        if (serverVersion is < MinSupported or > MaxSupported)
            throw new ArgumentOutOfRangeException(nameof(serverVersion), serverVersion, $"Server version must be {MinSupported}..{MaxSupported}.");
    }
}
