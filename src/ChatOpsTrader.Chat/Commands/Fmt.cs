using System.Globalization;

namespace ChatOpsTrader.Chat.Commands;

/// <summary>Number formatting for replies (invariant culture, phone-friendly).</summary>
internal static class Fmt
{
    public static string Money(decimal value) => (value < 0 ? "-$" : "$") + Math.Abs(value).ToString("#,0.00", CultureInfo.InvariantCulture);

    public static string SignedMoney(decimal value) => (value > 0 ? "+" : string.Empty) + Money(value);

    public static string Qty(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Price(decimal? value) => value is { } v ? v.ToString("0.00##", CultureInfo.InvariantCulture) : "-";

    public static string Percent(decimal fraction) => (fraction * 100m).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Ago(DateTimeOffset then, DateTimeOffset now)
    {
        var span = now - then;
        if (span < TimeSpan.FromMinutes(1))
            return $"{Math.Max(0, (int)span.TotalSeconds)} s ago";
        if (span < TimeSpan.FromHours(1))
            return $"{(int)span.TotalMinutes} min ago";
        if (span < TimeSpan.FromDays(1))
            return $"{(int)span.TotalHours} h {span.Minutes} min ago";
        return $"{(int)span.TotalDays} d ago";
    }

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
