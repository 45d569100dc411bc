using ChatOpsTrader.Chat.Discord;
using ChatOpsTrader.Chat.Telegram;
using ChatOpsTrader.Host.Configuration;
using ChatOpsTrader.Host.Hosting;
using ChatOpsTrader.Host.Http;
using ChatOpsTrader.Storage;
using Serilog;

// ChatOpsTrader host: configuration, logging, the journal, the trading core, the HTTP API and the schedules.
if (ChatOpsTrader.Host.Drills.DrillCommand.IsDrill(args))
    return await ChatOpsTrader.Host.Drills.DrillCommand.RunAsync(args, Console.Out);

var configuration = new ConfigurationManager();
configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
configuration.AddJsonFile("appsettings.json", optional: true);
configuration.AddInMemoryCollection(DotEnv.Read(Path.Combine(Directory.GetCurrentDirectory(), ".env")));
configuration.AddEnvironmentVariables();
configuration.AddCommandLine(args);

ChatOpsSettings settings;
try
{
    settings = ChatOpsSettings.Load(configuration);
}
catch (ConfigurationError ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

var dataDirectory = ServiceRegistration.DataDirectory(settings);
Directory.CreateDirectory(dataDirectory);
// Read before this run writes a line: if the previous run crashed, its last lines go into the crash alert.
var previousRunLog = PreviousRunLog.Read(Path.Combine(dataDirectory, "logs"));
Log.Logger = new LoggerConfiguration()
    .MinimumLevel.Information()
    .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
    .MinimumLevel.Override("Quartz", Serilog.Events.LogEventLevel.Warning)
    .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} [{Level:u3}] {Message:lj}{NewLine}{Exception}")
    .WriteTo.File(Path.Combine(dataDirectory, "logs", "chatops-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14)
    .CreateLogger();

AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    Log.Fatal(e.ExceptionObject as Exception, "Unhandled exception: the process is going down");
    Log.CloseAndFlush();
};

try
{
    // The journal first: a second process on the same database refuses to start; a corrupt one refuses to trade.
    JournalGate gate;
    SqliteJournal? journal = null;
    try
    {
        journal = SqliteJournal.Open(settings.Storage.Path, TimeProvider.System);
        gate = JournalGate.Open(journal, settings.Storage.Path);
    }
    catch (JournalLockedException ex)
    {
        Log.Fatal("Refusing to start: {Reason}", ex.Message);
        return 3;
    }
    catch (ChatOpsTrader.Core.Ports.JournalException ex)
    {
        Log.Fatal("REFUSING TO TRADE: the journal {Path} cannot be used: {Reason}", settings.Storage.Path, ex.Message);
        gate = JournalGate.Failed(ex.Message, settings.Storage.Path);
    }

    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
    builder.Configuration.Sources.Clear();
    builder.Configuration.AddConfiguration(configuration);
    builder.Logging.ClearProviders();
    builder.Logging.AddSerilog(Log.Logger, dispose: false);
    builder.WebHost.UseUrls(settings.Web.Urls);
    builder.WebHost.ConfigureKestrel(k =>
    {
        k.Limits.MaxRequestBodySize = settings.Web.MaxBodyBytes * 2;
        k.AddServerHeader = false;
    });
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddSingleton(previousRunLog);
    builder.Services.AddSingleton(settings);
    builder.Services.AddSingleton(gate);
    builder.Services.AddSingleton(WebToken.Resolve(settings.Web.Token, dataDirectory));
    builder.Services.AddSingleton(ApiKeys.Resolve(settings.ApiKeys, dataDirectory));
    builder.Services.AddSingleton<LogNotifier>();
    builder.Services.AddSingleton<NotifierHub>();
    builder.Services.AddSingleton<ChatOpsTrader.Core.Ports.INotifier>(sp => sp.GetRequiredService<NotifierHub>());
    builder.Services.AddHostedService(sp => sp.GetRequiredService<NotifierHub>());
    if (journal is not null)
        builder.Services.AddTrading(settings, journal);
    builder.Services.AddDiscordTransport(configuration);
    builder.Services.AddTelegramTransport(configuration);

    if (journal is not null)
    {
        // Unhandled exceptions are journaled on the way down; the next start alerts with them.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            var text = (e.ExceptionObject as Exception)?.GetBaseException().Message ?? "unknown";
            try
            {
                journal.CommitAsync([new ChatOpsTrader.Core.Ports.SettingRecord(ChatOpsTrader.Engine.SettingKeys.LastException, text)], CancellationToken.None).AsTask().Wait(TimeSpan.FromSeconds(2));
            }
            catch (Exception)
            {
                // Going down anyway; the run marker still shows the crash.
            }
        };
    }

    var app = builder.Build();
    app.MapChatOpsApi();
    if (journal is not null)
    {
        // The policy's "alert channel down / restored" notices open and close the notification-failure incident.
        var engine = app.Services.GetRequiredService<ChatOpsTrader.Engine.TradingEngine>();
        app.Services.GetRequiredService<NotifierHub>().PolicyAlerts = engine.ObserveAlert;
    }

    var token = app.Services.GetRequiredService<WebToken>();
    var url = settings.Web.Urls.Split(';')[0].TrimEnd('/');
    app.Lifetime.ApplicationStarted.Register(() =>
    {
        Log.Information("ChatOpsTrader listening on {Url} (journal {Path}, broker {Broker})", url, settings.Storage.Path, settings.Broker.Kind);
        // The tokenized URL goes to the console only, never into the log files, and only for a token generated here:
        // a configured Web__Token is a secret the operator already has, and consoles end up in service logs. The token
        // rides in the fragment, which the browser never sends to a server.
        Console.WriteLine(token.Generated ? $"Dashboard: {url}/#token={token.Value}" : $"Dashboard: {url} (sign in with your Web__Token)");
        if (token.Generated)
            Log.Information("Web token kept in {Path}", Path.Combine(dataDirectory, "web-token"));
        var keys = app.Services.GetRequiredService<ApiKeys>();
        if (keys.GeneratedPath is not null)
            Log.Information("Strategy API key for POST /api/orders (strategy 'api') kept in {Path}", keys.GeneratedPath);
    });

    await app.RunAsync();
    journal?.Dispose();
    return 0;
}
catch (Exception ex)
{
    Log.Fatal(ex, "ChatOpsTrader stopped on an unexpected error");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

/// <summary>Entry point; partial so host tests can reference it.</summary>
public partial class Program;
