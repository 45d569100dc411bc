using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace ChatOpsTrader.Storage.Migrations;

/// <summary>One schema change. Applied once, in its own transaction, in <see cref="Version"/> order.</summary>
/// <param name="Version">1, 2, 3, ... without gaps.</param>
/// <param name="Name">A short name, recorded in <c>schema_migrations</c>; must never change once released.</param>
/// <param name="Sql">The statements. No <c>BEGIN</c>/<c>COMMIT</c> and no <c>PRAGMA journal_mode</c> (the migrator owns the transaction).</param>
internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>The journal's migrations: the embedded <c>Migrations/NNNN_name.sql</c> files of this assembly.</summary>
internal static partial class JournalMigrations
{
    private const string ResourcePrefix = "ChatOpsTrader.Storage.Migrations.";

    /// <summary>Every migration, ordered by version.</summary>
    public static IReadOnlyList<Migration> All { get; } = Load();

    /// <summary>Checks that versions start at 1 and have no gaps or duplicates.</summary>
    public static IReadOnlyList<Migration> Validate(IReadOnlyList<Migration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            var m = migrations[i];
            if (m.Version != i + 1)
                throw new InvalidOperationException($"migration #{i + 1} has version {m.Version} ({m.Name}); versions must be 1, 2, 3, ... without gaps");
            if (string.IsNullOrWhiteSpace(m.Name) || string.IsNullOrWhiteSpace(m.Sql))
                throw new InvalidOperationException($"migration {m.Version} needs a name and SQL");
        }

        return migrations;
    }

    private static List<Migration> Load()
    {
        var assembly = typeof(JournalMigrations).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                continue;
            var fileName = resource[ResourcePrefix.Length..];
            var match = FileNamePattern().Match(fileName);
            if (!match.Success)
                throw new InvalidOperationException($"embedded migration {fileName} is not named NNNN_name.sql");
            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, NumberStyles.None, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                ReadResource(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        Validate(migrations);
        return migrations;
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded migration {resource} cannot be read");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<version>[0-9]{4})_(?<name>[a-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
