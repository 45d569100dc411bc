using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tests.Support;

/// <summary>How the fake answers a new connection.</summary>
public enum FakeTwsMode
{
    /// <summary>Handshake, then managedAccounts + nextValidId + farm status, then scripted answers.</summary>
    Normal,

    /// <summary>Accepts the TCP connection and never answers (API not enabled / IP not trusted).</summary>
    Silent,

    /// <summary>Handshake, then error 326 and close (client id in use).</summary>
    ClientIdInUse,

    /// <summary>Handshake, startApi, then nothing (never ready).</summary>
    NeverReady,
}

/// <summary>One request as the fake received it.</summary>
/// <param name="Request">The decoded request.</param>
/// <param name="ArrivedAt">Arrival time on the fake's clock.</param>
/// <param name="Session">Which connection (1, 2, …).</param>
public sealed record FakeTwsReceived(TwsRequest Request, DateTimeOffset ArrivedAt, int Session);

/// <summary>
/// A small scripted TWS on 127.0.0.1 (OS-assigned port), built on the protocol layer's server side: the handshake
/// (<see cref="TwsHandshake"/> server functions, negotiating min(client max, 178)), <see cref="TwsRequestDecoder"/>
/// for what the client sends and <see cref="TwsMessageEncoder"/> for what it answers. It records every request with its
/// arrival time on the given clock, answers the request/response sequences the client relies on from the state the
/// test sets (positions, open orders, executions, account values), and lets the test push any message, drop every
/// connection, and stop or resume accepting.
/// </summary>
public sealed class FakeTwsServer : IAsyncDisposable
{
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<FakeTwsReceived> _received = new();
    private readonly List<Session> _sessions = [];
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private Task _accept = Task.CompletedTask;
    private int _sessionCount;
    private int _nextPermId = 900_000;

    /// <summary>Starts listening on a free loopback port.</summary>
    public FakeTwsServer(TimeProvider? clock = null, int port = 0)
    {
        _clock = clock ?? TimeProvider.System;
        Listen(port);
        Port = ((IPEndPoint)_listener!.LocalEndpoint).Port;
    }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>How new connections are answered.</summary>
    public FakeTwsMode Mode { get; set; } = FakeTwsMode.Normal;

    /// <summary>The managedAccounts list sent at connect.</summary>
    public string Accounts { get; set; } = "DU1234567";

    /// <summary>The nextValidId sent at connect and for reqIds.</summary>
    public int NextValidId { get; set; } = 1;

    /// <summary>When false, nextValidId is not sent at connect (the test sends it to show readiness waits for it).</summary>
    public bool SendNextValidIdAtStart { get; set; } = true;

    /// <summary>When true, placeOrder is answered with openOrder + orderStatus (Submitted, or PreSubmitted when transmit is false).</summary>
    public bool AcknowledgeOrders { get; set; } = true;

    /// <summary>False: reqCurrentTime goes unanswered, as with a TWS that hangs on an open socket.</summary>
    public bool AnswerPings { get; set; } = true;

    /// <summary>Positions answered to reqPositions.</summary>
    public ConcurrentQueue<PositionMessage> Positions { get; } = new();

    /// <summary>Open orders (with their status) answered to reqAllOpenOrders.</summary>
    public ConcurrentQueue<(OpenOrderMessage Order, OrderStatusMessage Status)> OpenOrders { get; } = new();

    /// <summary>Executions (and commissions) answered to reqExecutions; the ReqId is replaced by the request's.</summary>
    public ConcurrentQueue<(ExecDetailsMessage Execution, CommissionReportMessage? Commission)> Executions { get; } = new();

    /// <summary>NetLiquidation answered to reqAccountSummary (null: the summary ends empty).</summary>
    public decimal? NetLiquidation { get; set; } = 100_000m;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<FakeTwsReceived> Received => [.. _received];

    /// <summary>Connections accepted so far.</summary>
    public int SessionCount => Volatile.Read(ref _sessionCount);

    /// <summary>Requests of one type, in order.</summary>
    public IReadOnlyList<T> ReceivedOf<T>()
        where T : TwsRequest => [.. _received.Select(r => r.Request).OfType<T>()];

    /// <summary>Waits (real time, bounded) until <paramref name="condition"/> holds over the received requests.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<FakeTwsReceived>, bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (!condition(Received))
        {
            if (cts.IsCancellationRequested)
                throw new TimeoutException($"The fake TWS did not see {what ?? "the expected requests"}; received: {string.Join(", ", Received.Select(r => r.Request.GetType().Name))}");
            await Task.Delay(5, CancellationToken.None);
        }
    }

    /// <summary>Waits for at least <paramref name="count"/> requests of type <typeparamref name="T"/>.</summary>
    public Task WaitForAsync<T>(int count = 1, TimeSpan? timeout = null)
        where T : TwsRequest =>
        WaitForAsync(r => r.Count(x => x.Request is T) >= count, timeout, $"{count} x {typeof(T).Name}");

    /// <summary>Sends a message to every open connection.</summary>
    public async Task SendAsync(TwsMessage message)
    {
        foreach (var session in OpenSessions())
            await session.SendAsync(message);
    }

    /// <summary>Sends a tickPrice to every open connection.</summary>
    public async Task SendTickAsync(TickPriceMessage tick)
    {
        foreach (var session in OpenSessions())
            await session.SendTickAsync(tick);
    }

    /// <summary>Writes raw bytes to every open connection (hostile input).</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        foreach (var session in OpenSessions())
            await session.SendRawAsync(bytes);
    }

    /// <summary>Sends an error (id, code, text) to every open connection.</summary>
    public Task SendErrorAsync(int id, int code, string text) => SendAsync(new ErrorMessage(id, code, text));

    /// <summary>Closes every open connection (the client sees the end of the stream).</summary>
    public void DropAll()
    {
        foreach (var session in OpenSessions())
            session.Close();
    }

    /// <summary>Stops accepting: new connections are refused.</summary>
    public void StopAccepting()
    {
        lock (_gate)
        {
            _listener?.Stop();
            _listener = null;
        }
    }

    /// <summary>Accepts again on the same port.</summary>
    public void ResumeAccepting() => Listen(Port);

    /// <summary>The openOrder of an order as the fake acknowledges it.</summary>
    public OpenOrderMessage OpenOrderOf(PlaceOrderRequest request, int clientId, long permId, string status) =>
        new(request.OrderId, request.Contract with { PrimaryExchange = string.Empty }, request.Order, clientId, permId, status);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        StopAccepting();
        DropAll();
        try
        {
            await _accept;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private List<Session> OpenSessions()
    {
        lock (_gate)
            return [.. _sessions.Where(s => s.IsOpen)];
    }

    private void Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        lock (_gate)
            _listener = listener;
        _accept = Task.Run(() => AcceptLoopAsync(listener), CancellationToken.None);
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var session = new Session(this, socket, Interlocked.Increment(ref _sessionCount));
            lock (_gate)
                _sessions.Add(session);
            _ = Task.Run(session.RunAsync, CancellationToken.None);
        }
    }

    private async Task AnswerAsync(Session session, TwsRequest request)
    {
        switch (request)
        {
            case ReqCurrentTimeRequest:
                if (AnswerPings)
                    await session.SendAsync(new CurrentTimeMessage(_clock.GetUtcNow().ToUnixTimeSeconds()));
                break;
            case ReqIdsRequest:
                await session.SendAsync(new NextValidIdMessage(NextValidId));
                break;
            case ReqPositionsRequest:
                foreach (var p in Positions)
                    await session.SendAsync(p);
                await session.SendAsync(PositionEndMessage.Instance);
                break;
            case ReqAllOpenOrdersRequest or ReqOpenOrdersRequest:
                foreach (var (openOrder, openStatus) in OpenOrders)
                {
                    await session.SendAsync(openOrder);
                    await session.SendAsync(openStatus);
                }

                await session.SendAsync(OpenOrderEndMessage.Instance);
                break;
            case ReqExecutionsRequest r:
                foreach (var (execution, commission) in Executions)
                {
                    await session.SendAsync(execution with { ReqId = r.ReqId });
                    if (commission is not null)
                        await session.SendAsync(commission);
                }

                await session.SendAsync(new ExecDetailsEndMessage(r.ReqId));
                break;
            case ReqAccountSummaryRequest r:
                if (NetLiquidation is { } netLiq)
                {
                    var account = Accounts.Split(',')[0];
                    await session.SendAsync(new AccountSummaryMessage(r.ReqId, account, "NetLiquidation", netLiq.ToString(System.Globalization.CultureInfo.InvariantCulture), "USD"));
                    await session.SendAsync(new AccountSummaryMessage(r.ReqId, account, "Cushion", "0.85", string.Empty));
                }

                await session.SendAsync(new AccountSummaryEndMessage(r.ReqId));
                break;
            case PlaceOrderRequest r when AcknowledgeOrders:
                var permId = Interlocked.Increment(ref _nextPermId);
                var status = r.Transmit ? "Submitted" : "PreSubmitted";
                await session.SendAsync(OpenOrderOf(r, session.ClientId, permId, status));
                await session.SendAsync(new OrderStatusMessage(r.OrderId, status, 0, r.Order.TotalQuantity, 0, permId, r.Order.ParentId, 0, session.ClientId, string.Empty, null));
                break;
            case CancelOrderRequest r:
                await session.SendAsync(new OrderStatusMessage(r.OrderId, "Cancelled", 0, 0, 0, 0, 0, 0, session.ClientId, string.Empty, null));
                await session.SendAsync(new ErrorMessage(r.OrderId, 202, "Order Canceled - reason:"));
                break;
            default:
                break;
        }
    }

    private sealed class Session(FakeTwsServer server, Socket socket, int number)
    {
        private readonly NetworkStream _stream = new(socket, ownsSocket: true);
        private readonly SemaphoreSlim _writeLock = new(1, 1);
        private readonly TwsFrameWriter _frames = new();
        private readonly ArrayBufferWriter<byte> _buffer = new();
        private volatile bool _open = true;
        private int _version;

        public bool IsOpen => _open;

        public int ClientId { get; private set; }

        public async Task RunAsync()
        {
            try
            {
                if (server.Mode == FakeTwsMode.Silent)
                {
                    // Accept and say nothing until the client gives up or the test ends.
                    var sink = new byte[256];
                    while (_open && await _stream.ReadAsync(sink, server._stop.Token) > 0)
                    {
                    }

                    return;
                }

                var pipe = PipeReader.Create(_stream);
                var hello = await TwsHandshake.ReadClientHelloAsync(pipe, server._stop.Token);
                var version = TwsHandshake.NegotiateServerVersion(hello);
                if (version is null)
                    return;
                _version = version.Value;
                await WriteAsync(w => TwsHandshake.WriteServerHello(_frames, w, new TwsServerHello(_version, "20261121 10:00:00 UTC")));
                var frames = new TwsFrameReader(pipe);
                while (_open)
                {
                    var frame = await frames.ReadFrameAsync(server._stop.Token);
                    if (frame is null)
                        return;
                    var request = TwsRequestDecoder.Decode(frame.Value.Span, _version);
                    server._received.Enqueue(new FakeTwsReceived(request, server._clock.GetUtcNow(), number));
                    if (request is StartApiRequest start)
                    {
                        ClientId = start.ClientId;
                        await StartSessionAsync();
                        continue;
                    }

                    await server.AnswerAsync(this, request);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException or ChatOpsTrader.Tws.TwsProtocolException)
            {
                // The client went away or the test ended.
            }
            finally
            {
                Close();
            }
        }

        public Task SendAsync(TwsMessage message) =>
            WriteAsync(w => TwsMessageEncoder.WriteFrame(_frames, w, message, _version));

        public Task SendTickAsync(TickPriceMessage tick) =>
            WriteAsync(w => TwsMessageEncoder.WriteFrame(_frames, w, tick, _version));

        public Task SendRawAsync(byte[] bytes) =>
            WriteAsync(w => w.Write(bytes));

        public void Close()
        {
            _open = false;
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }

            _stream.Dispose();
        }

        private async Task StartSessionAsync()
        {
            switch (server.Mode)
            {
                case FakeTwsMode.ClientIdInUse:
                    await SendAsync(new ErrorMessage(-1, 326, $"Unable to connect as the client id is already in use. Retry with a unique client id."));
                    Close();
                    return;
                case FakeTwsMode.NeverReady:
                    return;
            }

            await SendAsync(new ManagedAccountsMessage(server.Accounts));
            if (server.SendNextValidIdAtStart)
                await SendAsync(new NextValidIdMessage(server.NextValidId));
            await SendAsync(new ErrorMessage(-1, 2104, "Market data farm connection is OK:usfarm"));
            await SendAsync(new ErrorMessage(-1, 2106, "HMDS data farm connection is OK:ushmds"));
            await SendAsync(new ErrorMessage(-1, 2158, "Sec-def data farm connection is OK:secdefnj"));
        }

        private async Task WriteAsync(Action<IBufferWriter<byte>> write)
        {
            if (!_open)
                return;
            await _writeLock.WaitAsync();
            try
            {
                _buffer.ResetWrittenCount();
                write(_buffer);
                await _stream.WriteAsync(_buffer.WrittenMemory);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                _open = false;
            }
            finally
            {
                _writeLock.Release();
            }
        }
    }
}
