using System.Security.Cryptography;
using System.Text;

namespace ChatOpsTrader.Host.Http;

/// <summary>The dashboard/API bearer token: from <c>Web__Token</c>, else generated once into <c>data/web-token</c>.</summary>
public sealed class WebToken
{
    private readonly byte[] _token;

    private WebToken(string token, bool generated)
    {
        Value = token;
        Generated = generated;
        _token = Encoding.UTF8.GetBytes(token);
    }

    /// <summary>The token.</summary>
    public string Value { get; }

    /// <summary>True when it was generated (and kept in the data folder).</summary>
    public bool Generated { get; }

    /// <summary>Loads or creates the token.</summary>
    public static WebToken Resolve(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrEmpty(configured))
            return new WebToken(configured, false);
        var path = Path.Combine(dataDirectory, "web-token");
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length >= 16)
                return new WebToken(existing, true);
        }
        Directory.CreateDirectory(dataDirectory);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        SecretFile.Write(path, token);
        return new WebToken(token, true);
    }

    /// <summary>Constant-time check of an <c>Authorization</c> header value.</summary>
    public bool Matches(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
            return false;
        var presented = Encoding.UTF8.GetBytes(authorization["Bearer ".Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, _token);
    }
}
