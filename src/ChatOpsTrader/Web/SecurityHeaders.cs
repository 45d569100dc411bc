namespace ChatOpsTrader.Host.Web;

/// <summary>
/// Headers on every response: the page may load only its own script, style and data (no inline script, no other host),
/// may not be framed, sends no referrer, and nothing is cached (the data is live and behind a token).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The page's Content-Security-Policy.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers before the response starts.</summary>
    public static IApplicationBuilder UseDashboardSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers.CacheControl = "no-store";
            await next(context);
        });
    }
}
