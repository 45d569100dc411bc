using ChatOpsTrader.Core.Ports;

namespace ChatOpsTrader.Host.Hosting;

/// <summary>The journal opened at start, or why it could not be: then the bot refuses to trade and says why.</summary>
public sealed class JournalGate
{
    private JournalGate(IJournal? journal, string? failure, string path)
    {
        Journal = journal;
        Failure = failure;
        Path = path;
    }

    /// <summary>The open journal, or null when it failed.</summary>
    public IJournal? Journal { get; }

    /// <summary>Why the journal is unavailable, or null.</summary>
    public string? Failure { get; }

    /// <summary>The database path.</summary>
    public string Path { get; }

    /// <summary>An open journal.</summary>
    public static JournalGate Open(IJournal journal, string path) => new(journal, null, path);

    /// <summary>A failed journal.</summary>
    public static JournalGate Failed(string failure, string path) => new(null, failure, path);
}
