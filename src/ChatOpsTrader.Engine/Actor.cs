namespace ChatOpsTrader.Engine;

/// <summary>Who asked for something: a person on a transport, or the system itself.</summary>
/// <param name="Transport"><c>telegram</c>, <c>discord</c>, <c>web</c>, <c>api</c> or <c>system</c>.</param>
/// <param name="UserId">Numeric id on the transport (<c>web</c> for the dashboard token holder).</param>
/// <param name="Role"><c>viewer</c>, <c>operator</c>, <c>admin</c>, <c>system</c> or <c>unknown</c>.</param>
public sealed record Actor(string Transport, string UserId, string Role)
{
    /// <summary>The engine itself (jobs, automatic trips).</summary>
    public static Actor System { get; } = new("system", "system", "system");

    /// <summary>True for admins (and the system).</summary>
    public bool IsAdmin => Role is "admin" or "system";

    /// <inheritdoc />
    public override string ToString() => Transport == "system" ? "system" : $"{Transport}:{UserId}";
}
