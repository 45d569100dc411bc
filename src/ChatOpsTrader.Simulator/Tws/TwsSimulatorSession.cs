using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Protocol;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Simulator.Tws;

/// <summary>
/// One client connection: the handshake, a read loop that hands each frame to <see cref="ProcessFrame"/>, and a
/// write loop that sends the queued messages. Messages come from the read loop and from exchange events (any
/// thread); the queue is bounded, and a client that falls that far behind is dropped.
/// </summary>
internal sealed partial class TwsSimulatorSession
{
    private readonly TwsSimulatorServer _server;
    private readonly ILogger _logger;
    private readonly Channel<TwsOutgoing> _outbox;
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _closing;
    private volatile int _clientId = -1;
    private volatile bool _started;

    public TwsSimulatorSession(TwsSimulatorServer server, long id, ILogger logger, int serverVersion = 0)
    {
        _server = server;
        _logger = logger;
        Id = id;
        ServerVersion = serverVersion;
        _pacing = new TwsPacingMeter(server.Options.MaxMessagesPerSecond);
        _outbox = Channel.CreateBounded<TwsOutgoing>(new BoundedChannelOptions(server.Options.MaxQueuedMessages)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Connection number (for logs).</summary>
    public long Id { get; }

    /// <summary>The negotiated version (0 until the handshake is done).</summary>
    public int ServerVersion { get; private set; }

    /// <summary>The client id from startApi; -1 before it.</summary>
    public int ClientId => _clientId;

    /// <summary>True once startApi was accepted (the client id is registered).</summary>
    public bool Started => _started;

    /// <summary>True once the session is closing or closed: nothing more is processed or queued.</summary>
    public bool IsClosing => _closing;

    /// <summary>The send queue, read by the write loop (tests read it directly on a session without a socket).</summary>
    internal ChannelReader<TwsOutgoing> Outbox => _outbox.Reader;

    /// <summary>Runs the connection until either side closes it or the server stops.</summary>
    public async Task RunAsync(Socket socket, CancellationToken serverStopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(serverStopping, _stop.Token);
        var token = linked.Token;
        var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        Task? writeLoop = null;
        try
        {
            TwsClientHello hello;
            using (var handshakeTimeout = new CancellationTokenSource(_server.Options.HandshakeTimeout, _server.Time))
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(token, handshakeTimeout.Token))
                hello = await TwsHandshake.ReadClientHelloAsync(reader, handshake.Token).ConfigureAwait(false);

            var version = TwsHandshake.NegotiateServerVersion(hello, TwsServerVersions.MinSupported, _server.Options.MaxServerVersion);
            if (version is not { } negotiated)
            {
                TwsLog.VersionRefused(_logger, Id, hello.MinVersion, hello.MaxVersion, TwsServerVersions.MinSupported, _server.Options.MaxServerVersion);
                return;
            }

            ServerVersion = negotiated;
            TwsLog.Negotiated(_logger, Id, socket.RemoteEndPoint, negotiated, hello.MinVersion, hello.MaxVersion);
            TwsHandshake.WriteServerHello(new TwsFrameWriter(), writer, new TwsServerHello(negotiated, TwsSimulatorMessages.FormatTime(_server.Time.GetUtcNow())));
            await writer.FlushAsync(token).ConfigureAwait(false);

            writeLoop = WriteLoopAsync(writer, socket, token);
            await ReadLoopAsync(reader, token).ConfigureAwait(false);
        }
        catch (TwsProtocolException ex)
        {
            TwsLog.ProtocolBroken(_logger, Id, ex);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The peer went away, the handshake timed out, or the server is stopping.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            TwsLog.SessionFailed(_logger, Id, ex);
        }
        finally
        {
            _closing = true;
            _outbox.Writer.TryComplete();
            await _stop.CancelAsync().ConfigureAwait(false);
            if (writeLoop is not null)
                await writeLoop.ConfigureAwait(false);

            // What was not flushed is dropped with the connection: the writer is completed with an error so it
            // does not try to flush into a closing socket.
            await reader.CompleteAsync().ConfigureAwait(false);
            await writer.CompleteAsync(new OperationCanceledException("connection closed")).ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
            OnClosed();
        }
    }

    /// <summary>Closes the connection now, without flushing what is queued (a drop, as when the network fails).</summary>
    public void Abort()
    {
        _closing = true;
        _outbox.Writer.TryComplete();
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Queues a message. Ignored once the session is closing.</summary>
    public void Send(TwsMessage message) => Enqueue(new TwsOutgoing { Message = message });

    public void Send(TickPriceMessage tick) => Enqueue(new TwsOutgoing { TickPrice = tick });

    public void Send(TickSizeMessage tick) => Enqueue(new TwsOutgoing { TickSize = tick });

    public void SendPayload(byte[] payload) => Enqueue(new TwsOutgoing { Payload = payload });

    public void SendError(int id, int code, string message) =>
        Send(new ErrorMessage(id, code, message, "", _server.Time.GetUtcNow().ToUnixTimeMilliseconds()));

    /// <summary>Sends what is queued, then closes the connection (after an error such as 326 or 100).</summary>
    public void CloseAfterFlush()
    {
        if (_closing)
            return;
        _outbox.Writer.TryWrite(new TwsOutgoing { Close = true });
        _closing = true;
    }

    private void Enqueue(TwsOutgoing item)
    {
        if (_closing)
            return;
        if (!_outbox.Writer.TryWrite(item))
        {
            TwsLog.SlowConsumer(_logger, Id, _server.Options.MaxQueuedMessages);
            Abort();
        }
    }

    private async Task ReadLoopAsync(PipeReader reader, CancellationToken token)
    {
        var frames = new TwsFrameReader(reader, _server.Options.MaxFrameSize);
        while (!token.IsCancellationRequested)
        {
            var frame = await frames.ReadFrameAsync(token).ConfigureAwait(false);
            if (frame is not { } payload)
                return;
            if (!_closing)
                ProcessFrame(payload.Span);
        }
    }

    private async Task WriteLoopAsync(PipeWriter writer, Socket socket, CancellationToken token)
    {
        var frames = new TwsFrameWriter();
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (_outbox.Reader.TryRead(out var item))
                {
                    if (item.Close)
                    {
                        await writer.FlushAsync(token).ConfigureAwait(false);
                        await LingerThenStopAsync(socket).ConfigureAwait(false);
                        return;
                    }

                    Write(frames, writer, item);
                }

                await writer.FlushAsync(token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection is going away; the read loop ends through _stop.
        }
        finally
        {
            _closing = true;
            try
            {
                await _stop.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private void Write(TwsFrameWriter frames, PipeWriter writer, TwsOutgoing item)
    {
        if (item.Message is { } message)
            TwsMessageEncoder.WriteFrame(frames, writer, message, ServerVersion);
        else if (item.TickPrice is { } price)
            TwsMessageEncoder.WriteFrame(frames, writer, price, ServerVersion);
        else if (item.TickSize is { } size)
            TwsMessageEncoder.WriteFrame(frames, writer, size, ServerVersion);
        else if (item.Payload is { } payload)
            TwsFrameWriter.WriteFrame(writer, payload, _server.Options.MaxFrameSize);
    }

    /// <summary>
    /// Half-closes the socket (the client reads our last message, then end of stream) and lets the read loop discard
    /// what the client still sends for a moment, so the close does not reset the connection under our last message.
    /// </summary>
    private async Task LingerThenStopAsync(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return;
        }

        try
        {
            await Task.Delay(_server.Options.CloseLinger, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client closed its side first.
        }
    }

    private void OnClosed()
    {
        _server.OnSessionClosed(this);
        if (_staged.Count > 0)
            TwsLog.StagedDiscarded(_logger, ClientId, _staged.Count);
        if (_started)
            TwsLog.SessionClosed(_logger, Id, ClientId);
        _stop.Dispose();
    }
}
