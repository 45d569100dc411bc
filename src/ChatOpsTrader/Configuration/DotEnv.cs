namespace ChatOpsTrader.Host.Configuration;

/// <summary>
/// Reads a <c>.env</c> file (KEY=VALUE lines, # comments, optional quotes) into configuration keys.
/// Real environment variables win: keys already set in the environment are skipped.
/// </summary>
internal static class DotEnv
{
    public static Dictionary<string, string?> Read(string path)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
            return values;
        foreach (var rawLine in File.ReadAllLines(path))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            if (line.StartsWith("export ", StringComparison.Ordinal))
                line = line[7..].TrimStart();
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                continue;
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\'')))
                value = value[1..^1];
            if (Environment.GetEnvironmentVariable(key) is not null)
                continue;
            values[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        }
        return values;
    }
}
