using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tests.Simulator.Tws;

/// <summary>
/// A minimal TWS client for the simulator's tests, built only from the protocol layer: it handshakes, sends
/// requests, and records every decoded message (ticks boxed). Not the product's client.
/// </summary>
internal sealed class RawTwsClient : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly Lock _lock = new();
    private readonly List<object> _messages = [];
    private readonly TwsFrameWriter _frames = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _readLoop;
    private Exception? _readError;

    private RawTwsClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream);
    }

    public int ServerVersion { get; private set; }

    public string ConnectionTime { get; private set; } = "";

    /// <summary>Completes when the server closes the connection.</summary>
    public Task Closed => _closed.Task;

    public IReadOnlyList<object> Messages
    {
        get
        {
            lock (_lock)
                return [.. _messages];
        }
    }

    /// <summary>Connects and handshakes (no startApi). The hello text is sent as given, e.g. "v176..178 ".</summary>
    public static async Task<RawTwsClient> HandshakeAsync(IPEndPoint server, string hello = "v176..178")
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(server, timeout.Token);
        var client = new RawTwsClient(socket);
        var text = Encoding.ASCII.GetBytes(hello);
        var bytes = new byte[4 + 4 + text.Length];
        "API\0"u8.CopyTo(bytes);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), text.Length);
        text.CopyTo(bytes, 8);
        await client._stream.WriteAsync(bytes, timeout.Token);

        var frames = new TwsFrameReader(client._reader);
        var reply = await frames.ReadFrameAsync(timeout.Token);
        if (reply is { } payload)
        {
            var serverHello = TwsHandshake.ParseServerHello(payload.Span);
            client.ServerVersion = serverHello.ServerVersion;
            client.ConnectionTime = serverHello.ConnectionTime;
            client._readLoop = Task.Run(() => client.ReadLoopAsync(frames));
        }
        else
        {
            client._closed.TrySetResult();
        }

        return client;
    }

    /// <summary>Handshakes, sends startApi and waits for nextValidId.</summary>
    public static async Task<RawTwsClient> ConnectAsync(IPEndPoint server, int clientId)
    {
        var client = await HandshakeAsync(server);
        await client.SendAsync(new StartApiRequest(clientId));
        await client.WaitForAsync<NextValidIdMessage>();
        return client;
    }

    public async Task SendAsync(TwsRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        TwsRequestEncoder.WriteFrame(_frames, buffer, request, ServerVersion);
        await SendBytesAsync(buffer.WrittenMemory);
    }

    /// <summary>Sends one frame around a hand-made payload.</summary>
    public async Task SendPayloadAsync(byte[] payload)
    {
        var buffer = new ArrayBufferWriter<byte>();
        TwsFrameWriter.WriteFrame(buffer, payload);
        await SendBytesAsync(buffer.WrittenMemory);
    }

    public async Task SendBytesAsync(ReadOnlyMemory<byte> bytes)
    {
        using var timeout = new CancellationTokenSource(Wait);
        await _stream.WriteAsync(bytes, timeout.Token);
    }

    /// <summary>A barrier: sends reqCurrentTime and waits for its reply, so every earlier request's answer is in.</summary>
    public async Task SyncAsync()
    {
        var before = All<CurrentTimeMessage>().Count;
        await SendAsync(ReqCurrentTimeRequest.Instance);
        await WaitUntilAsync(() => All<CurrentTimeMessage>().Count > before, "currentTime");
    }

    public IReadOnlyList<T> All<T>(Func<T, bool>? match = null) => [.. Messages.OfType<T>().Where(m => match?.Invoke(m) ?? true)];

    public IReadOnlyList<ErrorMessage> Errors(int code) => All<ErrorMessage>(e => e.Code == code);

    /// <summary>Waits (bounded) for the first message of a type that matches.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null)
    {
        List<T> found = [];
        await WaitUntilAsync(() => (found = [.. Messages.OfType<T>().Where(m => match?.Invoke(m) ?? true).Take(1)]).Count > 0, typeof(T).Name);
        return found[0];
    }

    public Task<ErrorMessage> WaitForErrorAsync(int code, int? id = null) =>
        WaitForAsync<ErrorMessage>(e => e.Code == code && (id is null || e.Id == id));

    /// <summary>Waits (bounded, real time) until the condition over the messages so far holds.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; got: {string.Join(" | ", Messages.Select(Describe))}{(_readError is null ? "" : "; read error: " + _readError.Message)}");
            await Task.Delay(5);
        }
    }

    /// <summary>Waits (bounded) for the server to close the connection.</summary>
    public Task WaitClosedAsync() => Closed.WaitAsync(Wait);

    public void Clear()
    {
        lock (_lock)
            _messages.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (_readLoop is not null)
            await _readLoop.WaitAsync(Wait);
        await _reader.CompleteAsync();
    }

    private static string Describe(object message) => message switch
    {
        ErrorMessage e => $"error {e.Id} {e.Code} {e.Message}",
        _ => message.GetType().Name,
    };

    private async Task ReadLoopAsync(TwsFrameReader frames)
    {
        try
        {
            while (true)
            {
                var frame = await frames.ReadFrameAsync();
                if (frame is not { } payload)
                    break;
                var decoded = TwsMessageDecoder.Decode(payload.Span, ServerVersion);
                lock (_lock)
                    _messages.Add(decoded.ToObject());
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or TwsProtocolException or OperationCanceledException)
        {
            _readError = ex;
        }
        finally
        {
            _closed.TrySetResult();
        }
    }
}
