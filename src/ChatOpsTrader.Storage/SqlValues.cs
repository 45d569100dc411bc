using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ChatOpsTrader.Storage;

/// <summary>
/// How values are stored: decimals as TEXT in invariant culture (exact, scale kept: 1.50 stays "1.50"), times as
/// INTEGER unix milliseconds UTC (sub-millisecond digits are dropped; read back with offset zero), enums as TEXT names.
/// </summary>
internal static class SqlValues
{
    public static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static object Text(decimal? value) => value is { } v ? Text(v) : DBNull.Value;

    public static long Millis(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static object Millis(DateTimeOffset? value) => value is { } v ? Millis(v) : DBNull.Value;

    public static object Nullable(long? value) => value is { } v ? v : DBNull.Value;

    public static object Nullable(string? value) => value is null ? DBNull.Value : value;

    /// <summary>The enum's name; an undefined value is refused rather than journaled as a number nobody can read back.</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => Defined(value).ToString();

    /// <summary>The value itself, or an exception when it is not one of the enum's defined values.</summary>
    public static T Defined<T>(T value)
        where T : struct, Enum =>
        Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(T).Name} {value} is not a defined value");

    public static object Name<T>(T? value)
        where T : struct, Enum => value is { } v ? Name(v) : DBNull.Value;

    public static decimal GetDecimal(SqliteDataReader reader, int ordinal) =>
        decimal.Parse(reader.GetString(ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    public static decimal? GetNullableDecimal(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : GetDecimal(reader, ordinal);

    public static DateTimeOffset GetTime(SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? GetNullableTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : GetTime(reader, ordinal);

    public static long? GetNullableInt64(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static string? GetNullableString(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static T GetEnum<T>(SqliteDataReader reader, int ordinal)
        where T : struct, Enum
    {
        var text = reader.GetString(ordinal);
        return Enum.TryParse<T>(text, ignoreCase: false, out var value) && Enum.IsDefined(value)
            ? value
            : throw new FormatException($"'{text}' is not a {typeof(T).Name}");
    }

    public static T? GetNullableEnum<T>(SqliteDataReader reader, int ordinal)
        where T : struct, Enum => reader.IsDBNull(ordinal) ? null : GetEnum<T>(reader, ordinal);
}
