using System.Globalization;

namespace ChatOpsTrader.Core.Risk;

/// <summary>The drawdown breaker tripped: halt; only a person resumes.</summary>
/// <param name="HighWaterMark">The highest equity seen.</param>
/// <param name="Equity">The equity that tripped it.</param>
/// <param name="Drawdown">High-water mark minus equity.</param>
/// <param name="MaxDrawdown">The breaker's limit.</param>
/// <param name="Time">When it tripped.</param>
public sealed record DrawdownTrip(decimal HighWaterMark, decimal Equity, decimal Drawdown, decimal MaxDrawdown, DateTimeOffset Time)
{
    /// <summary>What a person reads: the drawdown, the limit, and the equity against its high-water mark.</summary>
    public string Describe() =>
        $"drawdown {RiskText.Money(Drawdown)} reached the {RiskText.Money(MaxDrawdown)} limit (equity {RiskText.Money(Equity)}, high-water mark {RiskText.Money(HighWaterMark)})";

    /// <inheritdoc />
    public override string ToString() => Describe();
}

/// <summary>
/// Circuit breaker on the drawdown of account equity from its high-water mark. Trips once when
/// <c>equity ≤ high-water mark − max drawdown</c> and stays tripped until a person resumes (<see cref="Rearm"/>).
/// Owned by the engine loop: not thread-safe, no I/O.
/// </summary>
/// <remarks>
/// Rearming does not lower the bar: the high-water mark stays, so while equity is still at or below the trip line the
/// next <see cref="Update"/> trips again. Trading below the line needs a person to move the mark on purpose
/// (<see cref="ResetHighWaterMark"/>, a dangerous command with confirmation).
/// </remarks>
public sealed class DrawdownBreaker
{
    private bool _hasMark;
    private bool _hasEquity;
    private decimal _equity;

    /// <summary>Creates a breaker with no high-water mark yet (the first equity sets it).</summary>
    public DrawdownBreaker(decimal maxDrawdown)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDrawdown);
        MaxDrawdown = maxDrawdown;
    }

    /// <summary>The drawdown that trips the breaker.</summary>
    public decimal MaxDrawdown { get; }

    /// <summary>The highest equity seen (0 before the first update).</summary>
    public decimal HighWaterMark { get; private set; }

    /// <summary>High-water mark minus the last equity (0 before the first update).</summary>
    public decimal Drawdown => _hasEquity ? HighWaterMark - _equity : 0m;

    /// <summary>True from the trip until a person resumes.</summary>
    public bool IsTripped { get; private set; }

    /// <summary>
    /// Takes the account equity (net liquidation value). Returns the trip the first time the drawdown reaches the
    /// limit, and null otherwise (including while already tripped). The high-water mark keeps rising while tripped.
    /// </summary>
    public DrawdownTrip? Update(decimal equity, DateTimeOffset now)
    {
        if (!_hasMark || equity > HighWaterMark)
        {
            HighWaterMark = equity;
            _hasMark = true;
        }

        _equity = equity;
        _hasEquity = true;
        var drawdown = HighWaterMark - equity;
        if (IsTripped || drawdown < MaxDrawdown)
            return null;
        IsTripped = true;
        return new DrawdownTrip(HighWaterMark, equity, drawdown, MaxDrawdown, now);
    }

    /// <summary>A person resumed: the breaker may trip again. The high-water mark stays.</summary>
    public void Rearm() => IsTripped = false;

    /// <summary>
    /// Moves the high-water mark to <paramref name="equity"/> (for example after a withdrawal, or a person accepting
    /// the loss). Only on a person's confirmed command.
    /// </summary>
    public void ResetHighWaterMark(decimal equity)
    {
        HighWaterMark = equity;
        _hasMark = true;
        _equity = equity;
        _hasEquity = true;
    }

    /// <summary>The persisted part, e.g. <c>v1;hwm=101000.00;tripped=1</c> (<c>hwm=</c> empty before the first update).</summary>
    public string Export() =>
        "v1;hwm=" + (_hasMark ? RiskText.Number(HighWaterMark) : string.Empty) + ";tripped=" + (IsTripped ? "1" : "0");

    /// <summary>Restores a breaker after a restart: high-water mark and trip flag.</summary>
    /// <exception cref="FormatException">The state is not one <see cref="Export"/> wrote.</exception>
    public static DrawdownBreaker Import(string? state, decimal maxDrawdown)
    {
        var breaker = new DrawdownBreaker(maxDrawdown);
        if (string.IsNullOrWhiteSpace(state))
            return breaker;

        bool? tripped = null;
        var sawMark = false;
        foreach (var (key, value) in RiskText.ParseState(state, "Drawdown"))
        {
            switch (key)
            {
                case "hwm":
                    sawMark = true;
                    if (value.Length > 0)
                    {
                        breaker.HighWaterMark = RiskText.ParseNumber(value, "high-water mark");
                        breaker._hasMark = true;
                    }

                    break;
                case "tripped":
                    tripped = value switch
                    {
                        "1" => true,
                        "0" => false,
                        _ => throw new FormatException($"Drawdown state: tripped must be 0 or 1 (is '{value}')."),
                    };
                    break;
                default:
                    throw new FormatException($"Drawdown state: unknown key '{key}'.");
            }
        }

        if (!sawMark || tripped is null)
            throw new FormatException("Drawdown state: hwm and tripped are required.");
        breaker.IsTripped = tripped.Value;
        return breaker;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"drawdown {Drawdown} of {MaxDrawdown} from {HighWaterMark}{(IsTripped ? " (tripped)" : string.Empty)}");
}
