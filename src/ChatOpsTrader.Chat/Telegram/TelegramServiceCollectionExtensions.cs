using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatOpsTrader.Chat.Telegram;

/// <summary>DI wiring of the Telegram transport.</summary>
public static class TelegramServiceCollectionExtensions
{
    /// <summary>The name of the HttpClient used for the Bot API.</summary>
    public const string HttpClientName = "ChatOpsTrader.Telegram";

    /// <summary>
    /// Binds <see cref="TelegramOptions"/> from the <c>Telegram</c> section and registers the Bot API client, the
    /// rate-limited sender, the transport (a hosted service, also resolvable as <see cref="TelegramTransport"/>) and
    /// the alert channel (<see cref="IAlertChannel"/> named <c>telegram</c>). Safe without a token: the transport logs
    /// how to turn Telegram on and stops, and the alert channel says it is disabled. Uses <see cref="CommandRouter"/>
    /// when it is registered; a problem of the transport (409, token refused, Bot API unreachable) is raised as a SEV2
    /// alert through <see cref="INotifier"/> when one is registered (replace <see cref="TelegramTransport.OnProblem"/>
    /// to do something else).
    /// </summary>
    public static IServiceCollection AddTelegramTransport(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(TelegramTransport)))
            return services;

        var section = configuration.GetSection(TelegramOptions.SectionName);
        var tokenFile = TokenFile(configuration);
        services.AddOptions<TelegramOptions>().Bind(section).PostConfigure(o => o.TokenFoundInFile = o.HasToken ? tokenFile : null);
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(HttpClientName, (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
                http.BaseAddress = Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                    ? uri
                    : new Uri(TelegramOptions.DefaultApiBaseUrl);
                http.Timeout = Timeout.InfiniteTimeSpan; // Each call has its own timeout (long polls are longer than the default 100 s could allow).
                http.DefaultRequestHeaders.UserAgent.ParseAdd("ChatOpsTrader/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(15),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The default HttpClient logging writes request URLs, and the token is in the URL path.
            .RemoveAllLoggers();

        services.AddSingleton<ITelegramApi>(sp => new TelegramBotClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<TelegramOptions>>().Value.Token,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TelegramRateLimiter(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TelegramSender(
            sp.GetRequiredService<ITelegramApi>(),
            sp.GetRequiredService<TelegramRateLimiter>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TelegramSender>>()));
        services.AddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var transport = new TelegramTransport(
                sp.GetRequiredService<IOptions<TelegramOptions>>().Value,
                sp.GetRequiredService<ITelegramApi>(),
                sp.GetRequiredService<TelegramSender>(),
                sp.GetService<CommandRouter>(),
                time,
                sp.GetRequiredService<ILogger<TelegramTransport>>());
            transport.OnProblem = problem => sp.GetService<INotifier>()?.Notify(new Alert(
                Guid.NewGuid().ToString("N"),
                time.GetUtcNow(),
                Severity.Sev2,
                "telegram:problem",
                "Telegram transport problem",
                problem,
                "Commands over Telegram may not be answered: use the web console or Discord, and fix the cause named above."));
            return transport;
        });
        services.AddHostedService(sp => sp.GetRequiredService<TelegramTransport>());
        services.AddSingleton(sp => new TelegramAlertChannel(
            sp.GetRequiredService<IOptions<TelegramOptions>>().Value,
            sp.GetRequiredService<TelegramSender>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAlertChannel>(sp => sp.GetRequiredService<TelegramAlertChannel>());
        return services;
    }

    /// <summary>The JSON file the token was read from, if any (a secret belongs in the environment).</summary>
    private static string? TokenFile(IConfiguration configuration)
    {
        if (configuration is not IConfigurationRoot root)
            return null;
        foreach (var provider in root.Providers.Reverse())
        {
            if (!provider.TryGet($"{TelegramOptions.SectionName}:BotToken", out var value) || string.IsNullOrWhiteSpace(value))
                continue;
            return provider switch
            {
                FileConfigurationProvider file => file.Source.Path ?? "a configuration file",
                ChainedConfigurationProvider chained => TokenFile(chained.Configuration),
                _ => null,
            };
        }
        return null;
    }
}
