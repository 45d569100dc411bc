namespace ChatOpsTrader.Chat.Commands;

/// <summary>What a person may do. Higher includes lower.</summary>
public enum Role
{
    /// <summary>Read-only commands.</summary>
    Viewer = 1,

    /// <summary>Also halt, cancel, pause, reconcile, acknowledge.</summary>
    Operator = 2,

    /// <summary>Also resume, flatten, limits, overrides.</summary>
    Admin = 3,
}

/// <summary>Who sent a command: a numeric user id on a transport. Never a username.</summary>
/// <param name="Transport"><c>telegram</c>, <c>discord</c> or <c>web</c>.</param>
/// <param name="UserId">The numeric id (or <c>web</c> for the dashboard token holder).</param>
public sealed record Caller(string Transport, string UserId)
{
    /// <inheritdoc />
    public override string ToString() => $"{Transport}:{UserId}";
}

/// <summary>Maps callers to roles. Deny by default: unknown callers have no role.</summary>
public interface IUserDirectory
{
    /// <summary>The caller's role, or null when unknown.</summary>
    Role? RoleOf(Caller caller);
}

/// <summary>Roles from configuration (numeric ids per transport); the web token holder is an admin.</summary>
public sealed class ConfiguredUserDirectory : IUserDirectory
{
    private readonly Dictionary<(string, string), Role> _roles = [];

    /// <summary>Creates the directory from (transport, numeric id, role) entries.</summary>
    public ConfiguredUserDirectory(IEnumerable<(string Transport, string UserId, Role Role)> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        foreach (var (transport, id, role) in users)
        {
            if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
                throw new ArgumentException($"User id '{id}' on {transport} is not numeric; only numeric ids are accepted.", nameof(users));
            _roles[(transport, id)] = role;
        }
    }

    /// <inheritdoc />
    public Role? RoleOf(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller is { Transport: "web", UserId: "web" })
            return Role.Admin;
        return _roles.TryGetValue((caller.Transport, caller.UserId), out var role) ? role : null;
    }
}
