using ChatOpsTrader.Core.Ports;

namespace ChatOpsTrader.Storage;

/// <summary>
/// Another process (or another <see cref="SqliteJournal"/> in this process) holds the journal's lock file.
/// Two writers on one journal would break "persist, then act", so the second one refuses to start.
/// </summary>
public sealed class JournalLockedException : JournalException
{
    /// <summary>Creates the exception for the journal at <paramref name="path"/>.</summary>
    public JournalLockedException(string path, Exception? innerException = null)
        : base($"another ChatOpsTrader process is using {path} (lock file {path}.lock); stop it first", innerException)
    {
        Path = path;
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }
}

/// <summary>
/// The database file failed <c>PRAGMA integrity_check</c> (or is not a SQLite database). The file was not modified.
/// </summary>
public sealed class JournalCorruptException : JournalException
{
    /// <summary>Creates the exception for the journal at <paramref name="path"/> with the check's output.</summary>
    public JournalCorruptException(string path, string checkOutput)
        : base(Describe(path, checkOutput))
    {
        Path = path;
        CheckOutput = checkOutput;
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>The full output of the integrity check (or the SQLite error), one problem per line.</summary>
    public string CheckOutput { get; }

    private static string Describe(string path, string checkOutput)
    {
        const int MaxLines = 10;
        var lines = checkOutput.Split('\n');
        var shown = string.Join(Environment.NewLine, lines.Take(MaxLines).Select(l => "  " + l));
        var more = lines.Length > MaxLines ? $"{Environment.NewLine}  ... ({lines.Length - MaxLines} more)" : string.Empty;
        var backups = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? ".", "backups");
        return $"the journal {path} is corrupt (SQLite integrity check failed):{Environment.NewLine}{shown}{more}{Environment.NewLine}"
            + $"the file was left untouched; restore a backup from {backups} or move the file away "
            + $"(together with {path}-wal and {path}-shm if they exist) to start a new journal";
    }
}
