using System.Security.Cryptography;
using System.Text;
using ChatOpsTrader.Host.Configuration;

namespace ChatOpsTrader.Host.Http;

/// <summary>Strategy API keys for <c>POST /api/orders</c>: configured ones, else one generated into <c>data/api-key</c> for strategy <c>api</c>.</summary>
public sealed class ApiKeys
{
    private readonly List<(byte[] Key, string Strategy)> _keys;

    private ApiKeys(List<(byte[], string)> keys, string? generatedPath)
    {
        _keys = keys;
        GeneratedPath = generatedPath;
    }

    /// <summary>Where the generated key is kept, when no key is configured.</summary>
    public string? GeneratedPath { get; }

    /// <summary>Loads configured keys or generates one.</summary>
    public static ApiKeys Resolve(IReadOnlyList<ApiKeyOptions> configured, string dataDirectory)
    {
        if (configured.Count > 0)
            return new ApiKeys([.. configured.Select(k => (Encoding.UTF8.GetBytes(k.Key), k.Strategy))], null);
        var path = Path.Combine(dataDirectory, "api-key");
        string key;
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: >= 16 } existing)
        {
            key = existing;
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            SecretFile.Write(path, key);
        }
        return new ApiKeys([(Encoding.UTF8.GetBytes(key), "api")], path);
    }

    /// <summary>The strategy a presented key belongs to, or null (constant-time per key).</summary>
    public string? StrategyFor(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
            return null;
        var bytes = Encoding.UTF8.GetBytes(presented);
        string? match = null;
        foreach (var (key, strategy) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(bytes, key))
                match = strategy;
        }
        return match;
    }
}
