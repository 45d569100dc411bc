using System.Globalization;
using System.Text;
using ChatOpsTrader.Core.Ports;

namespace ChatOpsTrader.Storage;

/// <summary>
/// The journal's exclusive process lock: <c>&lt;path&gt;.lock</c> opened with <see cref="FileShare.None"/> for the
/// journal's lifetime (an OS lock: <c>flock</c> on Linux, a sharing lock on Windows), released by the OS if the process dies.
/// The file is never deleted, so two starting processes always contend for the same inode.
/// </summary>
internal sealed class JournalFileLock : IDisposable
{
    // What a lock held elsewhere looks like: EWOULDBLOCK on Linux (11) and macOS (35); ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION on Windows.
    private static readonly int[] LockedResults = [11, 35, unchecked((int)0x80070020), unchecked((int)0x80070021)];

    private readonly FileStream _stream;

    private JournalFileLock(FileStream stream, string lockPath)
    {
        _stream = stream;
        LockPath = lockPath;
    }

    /// <summary>The lock file.</summary>
    public string LockPath { get; }

    /// <summary>Takes the lock of the database at <paramref name="databasePath"/> (a full path).</summary>
    /// <exception cref="JournalLockedException">Someone else holds it.</exception>
    /// <exception cref="JournalException">The lock file cannot be created.</exception>
    public static JournalFileLock Acquire(string databasePath, TimeProvider timeProvider)
    {
        var lockPath = databasePath + ".lock";
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        catch (IOException ex) when (LockedResults.Contains(ex.HResult))
        {
            throw new JournalLockedException(databasePath, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new JournalException($"cannot open the journal's lock file {lockPath}: {ex.Message}", ex);
        }

        try
        {
            // For people looking at the file: who holds it (the lock itself is what counts, not this text).
            var text = string.Create(
                CultureInfo.InvariantCulture,
                $"pid {Environment.ProcessId} since {timeProvider.GetUtcNow():O}\n");
            stream.SetLength(0);
            stream.Write(Encoding.UTF8.GetBytes(text));
            stream.Flush();
        }
        catch (IOException ex)
        {
            stream.Dispose();
            throw new JournalException($"cannot write the journal's lock file {lockPath}: {ex.Message}", ex);
        }

        return new JournalFileLock(stream, lockPath);
    }

    /// <summary>Releases the lock (the file stays).</summary>
    public void Dispose() => _stream.Dispose();
}
