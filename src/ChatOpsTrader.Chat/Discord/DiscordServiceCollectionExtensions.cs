using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Chat.Discord;

/// <summary>DI wiring of the Discord transport.</summary>
public static class DiscordServiceCollectionExtensions
{
    /// <summary>
    /// Binds the <c>Discord</c> section and registers <see cref="DiscordOptions"/>, <see cref="DiscordHealth"/>,
    /// <see cref="IDiscordRestClient"/>, the gateway, <see cref="DiscordTransport"/> as a hosted service and
    /// <see cref="DiscordAlertChannel"/> as an <see cref="IAlertChannel"/>. Safe without a token: nothing connects,
    /// the alert channel reports itself disabled and the transport logs once how to turn it on. The command router
    /// and the notifier are taken from the container when present (problems of the transport are raised as alerts
    /// through <see cref="INotifier"/>, which reaches the other channels once Discord is stopped).
    /// </summary>
    public static IServiceCollection AddDiscordTransport(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new DiscordOptions();
        configuration.GetSection(DiscordOptions.SectionName).Bind(options);
        if (string.IsNullOrWhiteSpace(options.ApiBaseUrl))
            options.ApiBaseUrl = DiscordOptions.DefaultApiBaseUrl;

        services.AddSingleton(options);
        services.AddSingleton<DiscordHealth>();
        services.AddSingleton<IGatewaySocketFactory, ClientWebSocketFactory>();
        services.AddSingleton<IDiscordRestClient>(sp => new DiscordRestClient(
            options, sp.GetRequiredService<DiscordHealth>(), Time(sp), sp.GetRequiredService<ILogger<DiscordRestClient>>()));
        services.AddSingleton(sp => new DiscordGateway(
            options, sp.GetRequiredService<DiscordHealth>(), sp.GetRequiredService<IDiscordRestClient>(), sp.GetRequiredService<IGatewaySocketFactory>(), Time(sp), sp.GetRequiredService<ILogger<DiscordGateway>>()));
        services.AddSingleton(sp => new DiscordTransport(
            options,
            sp.GetRequiredService<DiscordHealth>(),
            sp.GetRequiredService<IDiscordRestClient>(),
            sp.GetRequiredService<DiscordGateway>(),
            sp.GetService<CommandRouter>(),
            sp.GetService<INotifier>(),
            Time(sp),
            sp.GetRequiredService<ILogger<DiscordTransport>>()));
        services.AddHostedService(sp => sp.GetRequiredService<DiscordTransport>());
        services.AddSingleton<IAlertChannel>(sp => new DiscordAlertChannel(options, sp.GetRequiredService<DiscordHealth>(), sp.GetRequiredService<IDiscordRestClient>()));
        return services;
    }

    private static TimeProvider Time(IServiceProvider services) => services.GetService<TimeProvider>() ?? TimeProvider.System;
}
