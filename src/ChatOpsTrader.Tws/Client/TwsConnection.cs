using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tws.Client;

/// <summary>
/// One TCP session with TWS: connect with a timeout, the handshake advertising <c>v176..178</c>, <c>startApi</c>, and
/// ready only once both <c>managedAccounts</c> and <c>nextValidId</c> arrived. Then one read loop (a
/// <see cref="TwsFrameReader"/> over a <see cref="PipeReader"/>) hands every decoded message to the handler, and one
/// send loop writes queued requests as the shared <see cref="TwsPacer"/> allows, cancels first. A protocol error,
/// an I/O error or the end of the stream loses the connection with a reason (<see cref="Closed"/>); it is never
/// reused: the supervisor makes a new one.
/// </summary>
public sealed class TwsConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _pipe;
    private readonly TwsFrameReader _frames;
    private readonly TwsPacer _pacer;
    private readonly TimeProvider _time;
    private readonly ITwsMessageHandler _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _queueLock = new();
    private readonly Queue<Outgoing> _priority = new();
    private readonly Queue<Outgoing> _normal = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyList<string> _managedAccounts = [];
    private int? _nextValidId;
    private bool _clientIdInUse;
    private string? _lostReason;
    private long _sentCount;
    private Task _readLoop = Task.CompletedTask;
    private Task _sendLoop = Task.CompletedTask;

    private TwsConnection(Socket socket, TwsPacer pacer, TimeProvider time, ITwsMessageHandler handler)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _pipe = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        _frames = new TwsFrameReader(_pipe);
        _pacer = pacer;
        _time = time;
        _handler = handler;
    }

    /// <summary>The negotiated server version.</summary>
    public int ServerVersion { get; private set; }

    /// <summary>TWS's connection time as it sent it.</summary>
    public string ConnectionTime { get; private set; } = string.Empty;

    /// <summary>The accounts of this login (from managedAccounts).</summary>
    public IReadOnlyList<string> ManagedAccounts => _managedAccounts;

    /// <summary>The first nextValidId of the session.</summary>
    public int InitialNextValidId => _nextValidId ?? 0;

    /// <summary>Completes with the reason once the connection is lost or closed.</summary>
    public Task<string> Closed => _closed.Task;

    /// <summary>True until the connection is lost or closed.</summary>
    public bool IsOpen => !_closed.Task.IsCompleted;

    /// <summary>Messages written to the socket so far, startApi included.</summary>
    public long SentCount => Interlocked.Read(ref _sentCount);

    /// <summary>Messages waiting in the send queues.</summary>
    public int QueuedCount
    {
        get
        {
            lock (_queueLock)
                return _priority.Count + _normal.Count;
        }
    }

    /// <summary>
    /// Connects, shakes hands, sends startApi and waits for managedAccounts and nextValidId. Every message received
    /// (from the first one) goes to <paramref name="handler"/>. Throws <see cref="TwsConnectException"/> naming the
    /// step that failed; <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public static async Task<TwsConnection> ConnectAsync(TwsOptions options, TwsPacer pacer, TimeProvider time, ITwsMessageHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pacer);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(handler);
        var socket = await OpenSocketAsync(options, time, cancellationToken);
        var connection = new TwsConnection(socket, pacer, time, handler);
        try
        {
            await connection.HandshakeAsync(options, cancellationToken);
            connection.StartLoops();
            await connection.WaitReadyAsync(options, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Queues a request on a lane and completes once it is written to the socket. Throws
    /// <see cref="TwsNotConnectedException"/> if the connection is (or gets) lost first, and the encoder's
    /// <see cref="ArgumentException"/> for a request that cannot be encoded (nothing is sent).
    /// </summary>
    public Task SendAsync(TwsRequest request, TwsLane lane = TwsLane.Normal)
    {
        ArgumentNullException.ThrowIfNull(request);
        var item = new Outgoing(request);
        lock (_queueLock)
        {
            if (_lostReason is not null)
                return Task.FromException(new TwsNotConnectedException($"Not connected to TWS: {_lostReason}"));
            (lane == TwsLane.Priority ? _priority : _normal).Enqueue(item);
            _wake.TrySetResult();
        }

        return item.Done.Task;
    }

    /// <summary>Closes the connection (idempotent); <see cref="Closed"/> completes with <paramref name="reason"/>.</summary>
    public void Close(string reason) => Lose(reason);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Lose("closed by us");
        try
        {
            await Task.WhenAll(_readLoop, _sendLoop);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The loops end by these when the socket goes away under them.
        }

        _stop.Dispose();
    }

    private static async Task<Socket> OpenSocketAsync(TwsOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, linked.Token);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TwsConnectException(TwsConnectFailure.ConnectTimeout, $"no answer from {options.Endpoint} within {options.ConnectTimeout.TotalSeconds:0.#} s");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            var failure = ex.SocketErrorCode == SocketError.ConnectionRefused ? TwsConnectFailure.Refused
                : ex.SocketErrorCode == SocketError.TimedOut ? TwsConnectFailure.ConnectTimeout
                : TwsConnectFailure.Unreachable;
            throw new TwsConnectException(failure, $"{options.Endpoint}: {ex.SocketErrorCode}: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task HandshakeAsync(TwsOptions options, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.HandshakeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var hello = new ArrayBufferWriter<byte>(64);
            TwsHandshake.WriteClientHello(hello, TwsServerVersions.ClientMin, TwsServerVersions.ClientMax);
            await _stream.WriteAsync(hello.WrittenMemory, linked.Token);
            var reply = await _frames.ReadFrameAsync(linked.Token)
                ?? throw new TwsConnectException(TwsConnectFailure.HandshakeClosed, "the server closed the connection during the handshake");
            var serverHello = TwsHandshake.ParseServerHello(reply.Span);
            try
            {
                TwsHandshake.EnsureAcceptable(serverHello);
            }
            catch (TwsProtocolException ex)
            {
                throw new TwsConnectException(TwsConnectFailure.VersionRejected, ex.Message, ex);
            }

            ServerVersion = serverHello.ServerVersion;
            ConnectionTime = serverHello.ConnectionTime;

            // startApi goes out before the loops start; it counts in the pacing window all the same.
            var frames = new TwsFrameWriter();
            var buffer = new ArrayBufferWriter<byte>(64);
            TwsRequestEncoder.WriteFrame(frames, buffer, new StartApiRequest(options.ClientId), ServerVersion);
            lock (_pacer)
                _pacer.RecordUnpaced();
            await _stream.WriteAsync(buffer.WrittenMemory, linked.Token);
            Interlocked.Increment(ref _sentCount);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TwsConnectException(TwsConnectFailure.HandshakeTimeout, $"no handshake reply from {options.Endpoint} within {options.HandshakeTimeout.TotalSeconds:0.#} s");
        }
        catch (TwsProtocolException ex)
        {
            throw new TwsConnectException(TwsConnectFailure.HandshakeInvalid, $"the handshake reply is not TWS's: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            throw new TwsConnectException(TwsConnectFailure.HandshakeClosed, $"the connection broke during the handshake: {ex.Message}", ex);
        }
    }

    private void StartLoops()
    {
        _readLoop = Task.Run(ReadLoopAsync, CancellationToken.None);
        _sendLoop = Task.Run(SendLoopAsync, CancellationToken.None);
    }

    private async Task WaitReadyAsync(TwsOptions options, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.ReadyTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _ready.Task.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TwsConnectException(TwsConnectFailure.ReadyTimeout,
                $"managedAccounts and nextValidId did not both arrive within {options.ReadyTimeout.TotalSeconds:0.#} s");
        }
        catch (TwsNotConnectedException ex)
        {
            throw _clientIdInUse
                ? new TwsConnectException(TwsConnectFailure.ClientIdInUse, $"client id {options.ClientId} is already in use (TWS error 326)", ex)
                : new TwsConnectException(TwsConnectFailure.ClosedBeforeReady, ex.Message, ex);
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var frame = await _frames.ReadFrameAsync(_stop.Token);
                if (frame is null)
                {
                    Lose(_clientIdInUse ? "TWS closed the connection: client id in use (326)" : "TWS closed the connection");
                    return;
                }

                var decoded = TwsMessageDecoder.Decode(frame.Value.Span, ServerVersion);
                TrackStart(decoded);
                _handler.OnMessage(decoded);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Closed by us.
        }
        catch (TwsProtocolException ex)
        {
            Lose($"protocol error from TWS: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Lose($"connection broken: {ex.Message}");
        }
    }

    private void TrackStart(in TwsDecodedMessage decoded)
    {
        if (_ready.Task.IsCompleted || decoded.IsTick)
            return;
        switch (decoded.Message)
        {
            case ManagedAccountsMessage m:
                _managedAccounts = m.GetAccounts();
                break;
            case NextValidIdMessage n:
                _nextValidId ??= n.OrderId;
                break;
            case ErrorMessage { Code: TwsErrorCodes.ClientIdInUse }:
                _clientIdInUse = true;
                break;
        }

        if (_nextValidId is not null && _managedAccounts.Count > 0)
            _ready.TrySetResult();
    }

    private async Task SendLoopAsync()
    {
        var frames = new TwsFrameWriter();
        var buffer = new ArrayBufferWriter<byte>(1024);
        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                Outgoing? item = null;
                var wait = Timeout.InfiniteTimeSpan;
                Task wake;
                lock (_queueLock)
                {
                    if (_wake.Task.IsCompleted)
                        _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wake = _wake.Task;
                    var (queue, lane) = _priority.Count > 0 ? (_priority, TwsLane.Priority) : (_normal, TwsLane.Normal);
                    if (queue.Count > 0)
                    {
                        lock (_pacer)
                        {
                            wait = _pacer.Delay(lane);
                            if (wait == TimeSpan.Zero && _pacer.TryAcquire(lane))
                                item = queue.Dequeue();
                        }
                    }
                }

                if (item is not null)
                {
                    await WriteAsync(item, frames, buffer, token);
                    continue;
                }

                if (wait == Timeout.InfiniteTimeSpan)
                {
                    await wake.WaitAsync(token);
                    continue;
                }

                using var delayStop = CancellationTokenSource.CreateLinkedTokenSource(token);
                var delay = Task.Delay(wait, _time, delayStop.Token);
                await Task.WhenAny(wake, delay);
                await delayStop.CancelAsync();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Closed.
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Lose($"connection broken while sending: {ex.Message}");
        }
    }

    private async Task WriteAsync(Outgoing item, TwsFrameWriter frames, ArrayBufferWriter<byte> buffer, CancellationToken token)
    {
        buffer.ResetWrittenCount();
        try
        {
            TwsRequestEncoder.WriteFrame(frames, buffer, item.Request, ServerVersion);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            item.Done.TrySetException(ex);
            return;
        }

        try
        {
            await _stream.WriteAsync(buffer.WrittenMemory, token);
        }
        catch (Exception ex)
        {
            item.Done.TrySetException(new TwsNotConnectedException($"Not connected to TWS: the write failed ({ex.Message})", ex));
            throw;
        }

        Interlocked.Increment(ref _sentCount);
        item.Done.TrySetResult();
    }

    private void Lose(string reason)
    {
        List<Outgoing> dropped;
        lock (_queueLock)
        {
            if (_lostReason is not null)
                return;
            _lostReason = reason;
            dropped = [.. _priority, .. _normal];
            _priority.Clear();
            _normal.Clear();
            _wake.TrySetResult();
        }

        _stop.Cancel();
        var error = new TwsNotConnectedException($"Not connected to TWS: {reason}");
        foreach (var item in dropped)
            item.Done.TrySetException(error);
        _ready.TrySetException(error);
        _ = _ready.Task.Exception; // observed: nobody may be waiting for readiness any more
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        _stream.Dispose();
        _closed.TrySetResult(reason);
    }

    private sealed class Outgoing(TwsRequest request)
    {
        public TwsRequest Request { get; } = request;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
