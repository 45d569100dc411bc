using ChatOpsTrader.Engine;

namespace ChatOpsTrader.Chat.Commands;

/// <summary>A command being handled: who, with which role, and what they typed.</summary>
/// <param name="Caller">Who.</param>
/// <param name="Role">Their role.</param>
/// <param name="Command">The parsed command.</param>
public sealed record CommandRequest(Caller Caller, Role Role, ParsedCommand Command)
{
    /// <summary>The engine's view of the person.</summary>
    public Actor Actor => new(Caller.Transport, Caller.UserId, Role.ToString().ToLowerInvariant());
}

/// <summary>One command of the catalogue.</summary>
/// <param name="Name">Name without the slash.</param>
/// <param name="MinimumRole">Least role that may run it.</param>
/// <param name="Usage">How to call it.</param>
/// <param name="Description">What it does.</param>
/// <param name="ChangesState">True when the engine audits it with the state change (the router does not audit it again).</param>
/// <param name="Handler">The handler.</param>
public sealed record CommandDefinition(
    string Name,
    Role MinimumRole,
    string Usage,
    string Description,
    bool ChangesState,
    Func<CommandRequest, CancellationToken, Task<Reply>> Handler);
