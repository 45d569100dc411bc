using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Host.Configuration;
using ChatOpsTrader.Host.Http;
using ChatOpsTrader.Host.Jobs;
using ChatOpsTrader.Simulator;
using ChatOpsTrader.Simulator.Demo;
using ChatOpsTrader.Simulator.Tws;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Broker;
using Quartz;

namespace ChatOpsTrader.Host.Hosting;

/// <summary>DI wiring of the trading core, the broker, the command router and the schedules.</summary>
public static class ServiceRegistration
{
    /// <summary>Registers everything that trades. Only called when the journal opened.</summary>
    public static IServiceCollection AddTrading(this IServiceCollection services, ChatOpsSettings settings, IJournal journal)
    {
        services.AddSingleton(journal);
        services.AddSingleton(settings.Engine);
        services.AddBroker(settings);
        services.AddSingleton<TradingEngine>();
        services.AddSingleton<IOrderGate>(sp => sp.GetRequiredService<TradingEngine>());
        services.AddSingleton<IMarketView>(sp => sp.GetRequiredService<TradingEngine>());
        services.AddHostedService<EngineService>();

        services.AddSingleton<IUserDirectory>(new ConfiguredUserDirectory(settings.Users));
        services.AddSingleton(sp => new ConfirmationStore(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CommandRouter>();

        if (settings.Demo.Enabled)
            services.AddHostedService<DemoStrategyService>();
        services.AddHostedService<RunMarkerService>();
        // The heartbeat URL usually carries the monitor's token in its path: the client never logs its requests.
        services.AddHttpClient("heartbeat").RemoveAllLoggers();
        services.AddHostedService<HeartbeatService>();
        services.AddSingleton<BackupJob>();
        services.AddHostedService<MissedBackupService>();

        services.AddQuartz(q =>
        {
            var zone = settings.Engine.Calendar.TimeZone;
            var reset = settings.Engine.Calendar.DayStart;
            q.AddJob<DailyResetJob>(j => j.WithIdentity("daily-reset"));
            q.AddTrigger(t => t.ForJob("daily-reset").WithIdentity("daily-reset")
                .WithCronSchedule(Schedules.At(reset), c => c.InTimeZone(zone)));
            q.AddJob<WeeklyResetJob>(j => j.WithIdentity("weekly-reset"));
            q.AddTrigger(t => t.ForJob("weekly-reset").WithIdentity("weekly-reset")
                .WithCronSchedule(Schedules.At(reset, "MON"), c => c.InTimeZone(zone)));
            var backup = settings.BackupTime;
            q.AddJob<BackupJob>(j => j.WithIdentity("backup"));
            q.AddTrigger(t => t.ForJob("backup").WithIdentity("backup")
                .WithCronSchedule(Schedules.At(backup), c => c.InTimeZone(zone)));
            var summary = settings.SummaryTime;
            q.AddJob<DailySummaryJob>(j => j.WithIdentity("daily-summary"));
            q.AddTrigger(t => t.ForJob("daily-summary").WithIdentity("daily-summary")
                .WithCronSchedule(Schedules.At(summary, "MON-FRI"), c => c.InTimeZone(zone)));
            q.AddJob<ReconcileJob>(j => j.WithIdentity("reconcile"));
            q.AddTrigger(t => t.ForJob("reconcile").WithIdentity("reconcile")
                .StartAt(DateTimeOffset.UtcNow.AddMinutes(settings.Schedule.ReconcileIntervalMinutes))
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(settings.Schedule.ReconcileIntervalMinutes)).RepeatForever()));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        return services;
    }

    /// <summary>
    /// The broker of <c>Broker:Kind</c>. <c>Simulator</c>: the paper exchange behind a TWS-protocol server on a free
    /// loopback port, reached by the same TWS client and adapter as a real TWS, so the default run exercises the real
    /// IB code. <c>Tws</c>: TWS or IB Gateway at <c>Tws:Host</c>/<c>Tws:Port</c>. <c>Paper</c>: the paper exchange
    /// called in-process.
    /// </summary>
    private static IServiceCollection AddBroker(this IServiceCollection services, ChatOpsSettings settings)
    {
        if (settings.Broker.Kind == "Tws")
        {
            services.AddSingleton<IBrokerPort>(sp => new TwsBrokerPort(settings.Tws, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
            return services;
        }

        services.AddSingleton(sp => new PaperExchange(
            new PaperExchangeOptions
            {
                Symbols = settings.Broker.Symbols.ToDictionary(s => s, s => PaperExchangeOptions.DefaultSymbols.GetValueOrDefault(s, 100m), StringComparer.Ordinal),
                StateFilePath = Path.Combine(DataDirectory(settings), "paper-exchange.json"),
                RejectProbability = settings.Paper.RejectProbability,
                PartialFillProbability = settings.Paper.PartialFillProbability,
                TickInterval = TimeSpan.FromMilliseconds(settings.Paper.TickIntervalMilliseconds),
            },
            sp.GetRequiredService<TimeProvider>(),
            new Random(),
            sp.GetRequiredService<ILogger<PaperExchange>>()));
        if (settings.Broker.Kind == "Paper")
        {
            services.AddSingleton<IBrokerPort>(sp => new PaperBrokerPort(
                sp.GetRequiredService<PaperExchange>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PaperBrokerPort>>(), settings.Engine.Calendar));
            return services;
        }

        services.AddSingleton(sp => new TwsSimulatorServer(
            sp.GetRequiredService<PaperExchange>(),
            // Our client id is the account's master client id, as the README asks of a real TWS: the account watchdog
            // sees every client's orders as they happen.
            new TwsSimulatorOptions { MasterClientId = settings.Tws.ClientId },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TwsSimulatorServer>>()));
        services.AddSingleton<IBrokerPort>(sp =>
        {
            // The engine connects in its StartAsync, after every hosted service is built: the server listens first.
            var server = sp.GetRequiredService<TwsSimulatorServer>();
            server.Exchange.Start(); // the market moves whether or not a client is connected
            var endPoint = server.StartAsync(0).GetAwaiter().GetResult();
            // Every configured client setting applies; only where to connect changes (any account the simulator manages).
            var options = settings.Tws.WithEndpoint("127.0.0.1", endPoint.Port, account: string.Empty);
            return new TwsBrokerPort(options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>());
        });
        return services;
    }

    /// <summary>The folder of the journal: tokens, logs, paper-broker state and backups live beside it.</summary>
    public static string DataDirectory(ChatOpsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dir = Path.GetDirectoryName(Path.GetFullPath(settings.Storage.Path));
        return string.IsNullOrEmpty(dir) ? "." : dir;
    }
}
