using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace ChatOpsTrader.Storage;

/// <summary>A command prepared once on the writer connection and reused for every record of one kind.</summary>
internal sealed partial class PreparedStatement : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly Dictionary<string, SqliteParameter> _parameters = new(StringComparer.Ordinal);

    public PreparedStatement(SqliteConnection connection, string sql)
    {
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        foreach (Match match in ParameterPattern().Matches(sql))
        {
            if (_parameters.ContainsKey(match.Value))
                continue;
            var parameter = new SqliteParameter(match.Value, DBNull.Value);
            _parameters.Add(match.Value, parameter);
            _command.Parameters.Add(parameter);
        }

        _command.Prepare();
    }

    /// <summary>Sets a parameter (<c>$name</c>); null is stored as NULL.</summary>
    public object? this[string name]
    {
        set => _parameters[name].Value = value ?? DBNull.Value;
    }

    /// <summary>Runs the statement in <paramref name="transaction"/>; returns the number of rows changed.</summary>
    public int Execute(SqliteTransaction transaction)
    {
        _command.Transaction = transaction;
        return _command.ExecuteNonQuery();
    }

    /// <summary>Runs the statement in <paramref name="transaction"/>; returns the first column of its first row.</summary>
    public object? ExecuteScalar(SqliteTransaction transaction)
    {
        _command.Transaction = transaction;
        return _command.ExecuteScalar();
    }

    public void Dispose() => _command.Dispose();

    [GeneratedRegex(@"\$[a-z_][a-z0-9_]*", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterPattern();
}
