namespace ChatOpsTrader.Host.Http;

/// <summary>Writes a generated secret (web token, API key) readable by its owner only, from the first byte on.</summary>
public static class SecretFile
{
    /// <summary>Creates or replaces <paramref name="path"/> with <paramref name="secret"/>, mode 0600 on Unix.</summary>
    public static void Write(string path, string secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(secret);
        // A file that already existed keeps its old mode through FileMode.Create: tighten it as well.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
