using System.Reflection;

namespace ChatOpsTrader.Host.Web;

/// <summary>
/// The dashboard's static files (page, script, style, icon), embedded in the host assembly and served by exact path:
/// nothing is read from disk at run time, so no request can reach another file.
/// </summary>
public sealed class DashboardAssets
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/app.js", "app.js", "text/javascript; charset=utf-8"),
        ("/app.css", "app.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "favicon.svg", "image/svg+xml"),
    ];

    private readonly Dictionary<string, (byte[] Body, string ContentType)> _byPath;

    private DashboardAssets(Dictionary<string, (byte[], string)> byPath) => _byPath = byPath;

    /// <summary>The URL paths served.</summary>
    public IEnumerable<string> Paths => _byPath.Keys;

    /// <summary>Loads every file from the assembly's resources; a missing one is a build error, reported at start.</summary>
    public static DashboardAssets Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var byPath = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var (path, resource, contentType) in Files)
            byPath[path] = (Read(assembly, "ChatOpsTrader.Web." + resource), contentType);
        return new DashboardAssets(byPath);
    }

    /// <summary>The file served at <paramref name="path"/>.</summary>
    public (byte[] Body, string ContentType) Get(string path) => _byPath[path];

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The dashboard file {name} is not embedded in {assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
