namespace ChatOpsTrader.Host.Hosting;

/// <summary>The Quartz cron expressions of the schedules (evaluated in the exchange time zone, so DST is followed).</summary>
public static class Schedules
{
    /// <summary>Every day (or the given Quartz day-of-week field, e.g. <c>MON</c>, <c>MON-FRI</c>) at a local time: <c>0 m h ? * days</c>.</summary>
    public static string At(TimeOnly time, string days = "*") => $"0 {time.Minute} {time.Hour} ? * {days}";
}
