using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace ChatOpsTrader.Chat.Discord;

/// <summary>One frame from the gateway: a text message, or the close the server sent.</summary>
/// <param name="Text">The JSON text, or null for a close.</param>
/// <param name="CloseCode">The server's close code (null when the frame is text or the connection dropped without one).</param>
/// <param name="CloseReason">The server's close reason.</param>
public readonly record struct GatewayFrame(string? Text, int? CloseCode, string? CloseReason)
{
    /// <summary>True for a close frame.</summary>
    public bool IsClose => Text is null;
}

/// <summary>The gateway's WebSocket, behind an interface so tests (or a proxy) can supply their own.</summary>
public interface IGatewaySocket : IAsyncDisposable
{
    /// <summary>Opens the connection.</summary>
    Task ConnectAsync(Uri uri, CancellationToken cancellationToken);

    /// <summary>Sends one text message. Callers never send concurrently.</summary>
    Task SendAsync(string text, CancellationToken cancellationToken);

    /// <summary>Receives the next whole message or the server's close. Throws when the connection drops.</summary>
    Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sends a close frame with <paramref name="code"/> without waiting for the answer; the peer's close then
    /// arrives through <see cref="ReceiveAsync"/>.
    /// </summary>
    Task CloseOutputAsync(int code, string reason, CancellationToken cancellationToken);

    /// <summary>Drops the connection at once (a pending receive fails).</summary>
    void Abort();
}

/// <summary>Creates gateway sockets.</summary>
public interface IGatewaySocketFactory
{
    /// <summary>A new, unconnected socket.</summary>
    IGatewaySocket Create();
}

/// <summary>The real socket: <see cref="ClientWebSocket"/>.</summary>
public sealed class ClientWebSocketFactory : IGatewaySocketFactory
{
    /// <inheritdoc />
    public IGatewaySocket Create() => new ClientGatewaySocket();

    private sealed class ClientGatewaySocket : IGatewaySocket
    {
        // READY with intents 0 is small; anything far larger than this is not a payload we want.
        private const int MaxMessageBytes = 4 * 1024 * 1024;
        private readonly ClientWebSocket _socket = new();

        public Task ConnectAsync(Uri uri, CancellationToken cancellationToken)
        {
            _socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
            _socket.Options.SetRequestHeader("User-Agent", DiscordRestClient.UserAgent);
            return _socket.ConnectAsync(uri, cancellationToken);
        }

        public Task SendAsync(string text, CancellationToken cancellationToken) =>
            _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

        public async Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken)
        {
            var buffer = new ArrayBufferWriter<byte>(8192);
            while (true)
            {
                var memory = buffer.GetMemory(8192);
                var result = await _socket.ReceiveAsync(memory, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                    return new GatewayFrame(null, (int?)_socket.CloseStatus, _socket.CloseStatusDescription);
                buffer.Advance(result.Count);
                if (buffer.WrittenCount > MaxMessageBytes)
                    throw new WebSocketException(WebSocketError.Faulted, "Gateway message too large.");
                if (!result.EndOfMessage)
                    continue;
                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    // We never ask for compression; ignore anything binary.
                    buffer.Clear();
                    continue;
                }
                return new GatewayFrame(Encoding.UTF8.GetString(buffer.WrittenSpan), null, null);
            }
        }

        public async Task CloseOutputAsync(int code, string reason, CancellationToken cancellationToken)
        {
            try
            {
                if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, cancellationToken);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // The connection is going away anyway.
                _socket.Abort();
            }
        }

        public void Abort() => _socket.Abort();

        public ValueTask DisposeAsync()
        {
            _socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
