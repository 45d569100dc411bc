using System.Globalization;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Engine;

namespace ChatOpsTrader.Host.Configuration;

/// <summary>Invalid configuration: the message names the key and what is wrong.</summary>
public sealed class ConfigurationError(string key, string problem) : Exception($"Invalid configuration: {key} {problem}")
{
    /// <summary>The configuration key (environment form uses <c>__</c> for <c>:</c>).</summary>
    public string Key { get; } = key;
}

/// <summary>Binds and validates every section at start. The first problem stops start-up with one clear message.</summary>
public sealed class ChatOpsSettings
{
    public required StorageOptions Storage { get; init; }
    public required WebOptions Web { get; init; }
    public required BrokerOptions Broker { get; init; }

    /// <summary><c>Tws</c> section: where TWS or IB Gateway listens and our client id (also the embedded simulator's client id).</summary>
    public required ChatOpsTrader.Tws.TwsOptions Tws { get; init; }
    public required DemoOptions Demo { get; init; }
    public required PaperOptions Paper { get; init; }
    public required MonitoringOptions Monitoring { get; init; }
    public required Core.Alerts.AlertPolicyOptions AlertPolicy { get; init; }
    public required BackupOptions Backup { get; init; }
    public required TimeOnly BackupTime { get; init; }
    public required TimeOnly SummaryTime { get; init; }
    public required ScheduleOptions Schedule { get; init; }
    public required EngineOptions Engine { get; init; }
    public required IReadOnlyList<(string Transport, string UserId, Role Role)> Users { get; init; }
    public required IReadOnlyList<ApiKeyOptions> ApiKeys { get; init; }

    /// <summary>Reads and validates the configuration.</summary>
    public static ChatOpsSettings Load(IConfiguration configuration)
    {
        var storage = Bind<StorageOptions>(configuration, "Storage");
        var web = Bind<WebOptions>(configuration, "Web");
        var broker = Bind<BrokerOptions>(configuration, "Broker");
        var demo = Bind<DemoOptions>(configuration, "Demo");
        var paper = Bind<PaperOptions>(configuration, "Paper");
        var monitoring = Bind<MonitoringOptions>(configuration, "Monitoring");
        var alerts = Bind<AlertsOptions>(configuration, "Alerts");
        Require(alerts.DedupWindowSeconds is >= 1 and <= 86_400, "Alerts:DedupWindowSeconds", "must be between 1 and 86400");
        Require(alerts.EscalateAfterMinutes is >= 1 and <= 1440, "Alerts:EscalateAfterMinutes", "must be between 1 and 1440");
        Require(alerts.RatePerMinute is >= 1 and <= 600, "Alerts:RatePerMinute", "must be between 1 and 600");
        Require(alerts.FailuresBeforeDown is >= 1 and <= 100, "Alerts:FailuresBeforeDown", "must be between 1 and 100");
        Require(alerts.ProbeIntervalSeconds is >= 1 and <= 3600, "Alerts:ProbeIntervalSeconds", "must be between 1 and 3600");
        Core.Alerts.QuietHours? quiet = null;
        if (!string.IsNullOrWhiteSpace(alerts.QuietHours))
        {
            var parts = alerts.QuietHours.Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length != 2
                || !TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var quietStart)
                || !TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var quietEnd)
                || quietStart == quietEnd)
                throw new ConfigurationError("Alerts:QuietHours", $"must be HH:mm-HH:mm, e.g. 22:00-07:00 (got '{alerts.QuietHours}')");
            quiet = new Core.Alerts.QuietHours(quietStart, quietEnd);
        }
        Core.Alerts.AlertChannelOptions Chat(string name) => new(name, Core.Alerts.Severity.Sev1, Core.Alerts.Severity.Sev2, Core.Alerts.Severity.Sev3) { QuietHours = quiet, RatePerMinute = alerts.RatePerMinute };
        var alertPolicy = new Core.Alerts.AlertPolicyOptions
        {
            Channels =
            [
                Chat("telegram"),
                Chat("discord"),
                new("log", Core.Alerts.Severity.Sev1, Core.Alerts.Severity.Sev2, Core.Alerts.Severity.Sev3, Core.Alerts.Severity.Sev4) { RatePerMinute = 600, Burst = 100 },
            ],
            DedupWindow = TimeSpan.FromSeconds(alerts.DedupWindowSeconds),
            EscalateAfter = TimeSpan.FromMinutes(alerts.EscalateAfterMinutes),
            EscalateEverywhereAfter = TimeSpan.FromMinutes(alerts.EscalateAfterMinutes * 2),
            FailuresBeforeDown = alerts.FailuresBeforeDown,
            ProbeInterval = TimeSpan.FromSeconds(alerts.ProbeIntervalSeconds),
        };
        var backup = Bind<BackupOptions>(configuration, "Backup");
        Require(string.IsNullOrEmpty(monitoring.HeartbeatUrl) || (Uri.TryCreate(monitoring.HeartbeatUrl, UriKind.Absolute, out var hb) && hb.Scheme is "http" or "https"), "Monitoring:HeartbeatUrl", "must be an http(s) URL");
        Require(monitoring.HeartbeatIntervalSeconds is >= 5 and <= 3600, "Monitoring:HeartbeatIntervalSeconds", "must be between 5 and 3600");
        Require(backup.Keep is >= 1 and <= 1000, "Backup:Keep", "must be between 1 and 1000");
        if (!TimeOnly.TryParseExact(backup.Time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var backupTime))
            throw new ConfigurationError("Backup:Time", $"must be HH:mm (got '{backup.Time}')");
        var schedule = Bind<ScheduleOptions>(configuration, "Schedule");
        var resume = Bind<ResumeOptions>(configuration, "Resume");
        var risk = Bind<RiskOptions>(configuration, "Risk");

        if (broker.Symbols.Count == 0)
            broker.Symbols.AddRange(BrokerOptions.DefaultSymbols);
        Require(broker.Symbols.Distinct(StringComparer.Ordinal).Count() == broker.Symbols.Count, "Broker:Symbols", "lists a symbol twice");
        Require(!string.IsNullOrWhiteSpace(storage.Path), "Storage:Path", "must not be empty");
        Require(Uri.TryCreate(web.Urls.Split(';')[0], UriKind.Absolute, out _), "Web:Urls", $"must be a URL like http://127.0.0.1:5080 (got '{web.Urls}')");
        Require(web.Token is null || web.Token.Length >= 16, "Web:Token", "must be at least 16 characters");
        Require(web.MaxBodyBytes is >= 1024 and <= 10_000_000, "Web:MaxBodyBytes", "must be between 1024 and 10000000");
        Require(BrokerOptions.Kinds.Contains(broker.Kind), "Broker:Kind", $"must be one of {string.Join(", ", BrokerOptions.Kinds)} (got '{broker.Kind}')");
        var tws = Bind<ChatOpsTrader.Tws.TwsOptions>(configuration, "Tws");
        if (broker.Kind == "Tws")
        {
            try
            {
                tws.Validate();
            }
            catch (ArgumentException e)
            {
                var key = e.Message.Split(' ', 2)[0];
                throw key.StartsWith("Tws:", StringComparison.Ordinal)
                    ? new ConfigurationError(key, e.Message[key.Length..].Trim())
                    : new ConfigurationError("Tws", e.Message);
            }
        }
        Require(broker.Symbols.Count > 0 && broker.Symbols.All(s => s.Length is > 0 and <= 12 && s.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '.')), "Broker:Symbols", "must be upper-case tickers");
        Require(paper.RejectProbability is >= 0 and <= 1, "Paper:RejectProbability", "must be between 0 and 1");
        Require(paper.PartialFillProbability is >= 0 and <= 1, "Paper:PartialFillProbability", "must be between 0 and 1");
        Require(paper.TickIntervalMilliseconds is >= 10 and <= 60_000, "Paper:TickIntervalMilliseconds", "must be between 10 and 60000");
        Require(demo.IntervalSeconds is >= 0.5 and <= 3600, "Demo:IntervalSeconds", "must be between 0.5 and 3600");

        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ConfigurationError("Schedule:TimeZone", $"is not a known time zone (got '{schedule.TimeZone}')");
        }
        if (!TimeOnly.TryParseExact(schedule.DailyResetTime, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var resetTime))
            throw new ConfigurationError("Schedule:DailyResetTime", $"must be HH:mm (got '{schedule.DailyResetTime}')");
        if (!TimeOnly.TryParseExact(schedule.DailySummaryTime, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var summaryTime))
            throw new ConfigurationError("Schedule:DailySummaryTime", $"must be HH:mm (got '{schedule.DailySummaryTime}')");
        if (!TimeOnly.TryParseExact(schedule.MarketOpen, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var marketOpen))
            throw new ConfigurationError("Schedule:MarketOpen", $"must be HH:mm (got '{schedule.MarketOpen}')");
        if (!TimeOnly.TryParseExact(schedule.MarketClose, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var marketClose))
            throw new ConfigurationError("Schedule:MarketClose", $"must be HH:mm (got '{schedule.MarketClose}')");
        Require(marketOpen < marketClose, "Schedule:MarketClose", $"must be after Schedule:MarketOpen ({schedule.MarketOpen})");
        Require(schedule.ReconcileIntervalMinutes is >= 1 and <= 1440, "Schedule:ReconcileIntervalMinutes", "must be between 1 and 1440");
        var holidays = new List<DateOnly>();
        foreach (var (h, i) in schedule.Holidays.Select((h, i) => (h, i)))
        {
            if (!DateOnly.TryParseExact(h, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                throw new ConfigurationError($"Schedule:Holidays:{i}", $"must be yyyy-MM-dd (got '{h}')");
            holidays.Add(day);
        }

        Require(resume.MinimumHaltMinutes is >= 0 and <= 10080, "Resume:MinimumHaltMinutes", "must be between 0 and 10080");
        Require(resume.RestrictedMinutes is > 0 and <= 10080, "Resume:RestrictedMinutes", "must be between 0 and 10080");
        Require(resume.CautiousMinutes is > 0 and <= 10080, "Resume:CautiousMinutes", "must be between 0 and 10080");

        Positive(risk.MaxPositionPerSymbol, "Risk:MaxPositionPerSymbol");
        Positive(risk.MaxOrderNotional, "Risk:MaxOrderNotional");
        Positive(risk.PriceCollarPercent, "Risk:PriceCollarPercent");
        Require(risk.MinOrderIntervalSeconds >= 0, "Risk:MinOrderIntervalSeconds", "must not be negative");
        Positive(risk.MaxOrdersPerDay, "Risk:MaxOrdersPerDay");
        Require(risk.DuplicateWindowSeconds >= 0, "Risk:DuplicateWindowSeconds", "must not be negative");
        Positive(risk.MaxWorkingOrders, "Risk:MaxWorkingOrders");
        Require(risk.QuoteMaxAgeSeconds > 0, "Risk:QuoteMaxAgeSeconds", "must be greater than 0");
        Positive(risk.DailyLossLimit, "Risk:DailyLossLimit");
        Positive(risk.WeeklyLossLimit, "Risk:WeeklyLossLimit");
        Positive(risk.StrategyDailyLossLimit, "Risk:StrategyDailyLossLimit");
        Positive(risk.MaxDrawdown, "Risk:MaxDrawdown");
        Require(risk.RunawayWindowSeconds > 0, "Risk:RunawayWindowSeconds", "must be greater than 0");
        Positive(risk.RunawayMaxOrders, "Risk:RunawayMaxOrders");
        Positive(risk.RunawayMaxMessages, "Risk:RunawayMaxMessages");
        Positive(risk.RunawayIdenticalOrders, "Risk:RunawayIdenticalOrders");
        Require(risk.DataFeedStaleSeconds is >= 1 and <= 3600, "Risk:DataFeedStaleSeconds", "must be between 1 and 3600");
        Require(risk.MaxHoldHours is >= 0 and <= 24 * 365, "Risk:MaxHoldHours", "must be between 0 (off) and 8760");
        Require(risk.NoSignalMinutes is >= 0 and <= 24 * 60, "Risk:NoSignalMinutes", "must be between 0 (off) and 1440");
        Require(risk.MarginCushionWarnPercent is >= 0 and <= 100, "Risk:MarginCushionWarnPercent", string.Create(CultureInfo.InvariantCulture, $"must be between 0 (off) and 100 (got {risk.MarginCushionWarnPercent})"));
        if (risk.MarginCushionWarnPercent > 0)
        {
            Require(risk.MarginCushionCriticalPercent >= 0 && risk.MarginCushionCriticalPercent < risk.MarginCushionWarnPercent, "Risk:MarginCushionCriticalPercent",
                string.Create(CultureInfo.InvariantCulture, $"must be at least 0 and below Risk:MarginCushionWarnPercent ({risk.MarginCushionWarnPercent}) (got {risk.MarginCushionCriticalPercent})"));
            Require(risk.MarginCushionHysteresisPercent is >= 0 and <= 50, "Risk:MarginCushionHysteresisPercent", string.Create(CultureInfo.InvariantCulture, $"must be between 0 and 50 percentage points (got {risk.MarginCushionHysteresisPercent})"));
        }
        Require(risk.MaxSlippageBps is >= 0 and <= 10_000, "Risk:MaxSlippageBps", string.Create(CultureInfo.InvariantCulture, $"must be between 0 (off) and 10000 basis points (got {risk.MaxSlippageBps})"));
        if (!Enum.TryParse<LossBreachAction>(risk.LossBreachAction, ignoreCase: true, out var breach))
            throw new ConfigurationError("Risk:LossBreachAction", $"must be Reduce, Halt or Flatten (got '{risk.LossBreachAction}')");

        var limits = new RiskLimits
        {
            MaxPositionPerSymbol = risk.MaxPositionPerSymbol,
            MaxOrderNotional = risk.MaxOrderNotional,
            PriceCollarPercent = risk.PriceCollarPercent,
            MinOrderInterval = TimeSpan.FromSeconds(risk.MinOrderIntervalSeconds),
            MaxOrdersPerDay = risk.MaxOrdersPerDay,
            BlockedSymbols = [.. risk.BlockedSymbols.Select(s => s.ToUpperInvariant())],
            DuplicateWindow = TimeSpan.FromSeconds(risk.DuplicateWindowSeconds),
            MaxWorkingOrders = risk.MaxWorkingOrders,
            QuoteMaxAge = TimeSpan.FromSeconds(risk.QuoteMaxAgeSeconds),
            DailyLossLimit = risk.DailyLossLimit,
            WeeklyLossLimit = risk.WeeklyLossLimit,
            StrategyDailyLossLimit = risk.StrategyDailyLossLimit,
            LossBreachAction = breach,
            MaxDrawdown = risk.MaxDrawdown,
            RunawayWindow = TimeSpan.FromSeconds(risk.RunawayWindowSeconds),
            RunawayMaxOrders = risk.RunawayMaxOrders,
            RunawayMaxMessages = risk.RunawayMaxMessages,
            RunawayIdenticalOrders = risk.RunawayIdenticalOrders,
        };

        var users = new List<(string, string, Role)>();
        foreach (var transport in new[] { "Telegram", "Discord" })
        {
            var list = configuration.GetSection($"{transport}:Users").Get<List<UserOptions>>() ?? [];
            for (var i = 0; i < list.Count; i++)
            {
                var u = list[i];
                Require(long.TryParse(u.Id, NumberStyles.None, CultureInfo.InvariantCulture, out _), $"{transport}:Users:{i}:Id", $"must be a numeric user id (got '{u.Id}'); usernames are never accepted");
                if (!Enum.TryParse<Role>(u.Role, ignoreCase: true, out var role) || !Enum.IsDefined(role))
                    throw new ConfigurationError($"{transport}:Users:{i}:Role", $"must be viewer, operator or admin (got '{u.Role}')");
                users.Add((transport.ToLowerInvariant(), u.Id, role));
            }
        }

        var keys = configuration.GetSection("Api:Keys").Get<List<ApiKeyOptions>>() ?? [];
        for (var i = 0; i < keys.Count; i++)
        {
            Require(keys[i].Key.Length >= 16, $"Api:Keys:{i}:Key", "must be at least 16 characters");
            Require(keys[i].Strategy.Length is > 0 and <= 64, $"Api:Keys:{i}:Strategy", "must be 1 to 64 characters");
        }

        var telegram = Bind<Chat.Telegram.TelegramOptions>(configuration, "Telegram");
        var telegramProblems = telegram.Validate();
        if (telegramProblems.Count > 0)
            throw new ConfigurationError(telegramProblems[0].Key, telegramProblems[0].Message);
        var discord = Bind<Chat.Discord.DiscordOptions>(configuration, "Discord");
        if (discord.ValidationError() is { } discordError)
            throw new ConfigurationError(discordError.Key, discordError.Problem);

        var engine = new EngineOptions
        {
            Limits = limits,
            ResumePolicy = new ResumePolicy
            {
                MinimumHaltDuration = TimeSpan.FromMinutes(resume.MinimumHaltMinutes),
                BlockSameTradingDay = resume.BlockSameTradingDay,
                RestrictedDuration = TimeSpan.FromMinutes(resume.RestrictedMinutes),
                CautiousDuration = TimeSpan.FromMinutes(resume.CautiousMinutes),
            },
            Calendar = new TradingCalendar(zone, resetTime, holidays, marketOpen, marketClose, schedule.AlwaysOpen),
            Symbols = broker.Symbols,
            DataFeedStaleAfter = TimeSpan.FromSeconds(risk.DataFeedStaleSeconds),
            MaxHoldTime = risk.MaxHoldHours > 0 ? TimeSpan.FromHours(risk.MaxHoldHours) : null,
            NoSignalAfter = risk.NoSignalMinutes > 0 ? TimeSpan.FromMinutes(risk.NoSignalMinutes) : null,
            Margin = risk.MarginCushionWarnPercent > 0
                ? new MarginThresholds(risk.MarginCushionWarnPercent / 100m, risk.MarginCushionCriticalPercent / 100m, risk.MarginCushionHysteresisPercent / 100m)
                : null,
            MaxSlippageBps = risk.MaxSlippageBps > 0 ? risk.MaxSlippageBps : null,
        };
        return new ChatOpsSettings { Storage = storage, Web = web, Broker = broker, Tws = tws, Demo = demo, Paper = paper, Monitoring = monitoring, AlertPolicy = alertPolicy, Backup = backup, BackupTime = backupTime, SummaryTime = summaryTime, Schedule = schedule, Engine = engine, Users = users, ApiKeys = keys };
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var value = new T();
        try
        {
            configuration.GetSection(section).Bind(value, o => o.ErrorOnUnknownConfiguration = false);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the property; report it with the section.
            throw new ConfigurationError(section, $"has a value of the wrong type: {ex.InnerException?.Message ?? ex.Message}");
        }
        return value;
    }

    private static void Require(bool condition, string key, string problem)
    {
        if (!condition)
            throw new ConfigurationError(key, problem);
    }

    private static void Positive(decimal value, string key) => Require(value > 0, key, $"must be greater than 0 (got {value.ToString(CultureInfo.InvariantCulture)})");
}
